import { allowScreen } from '$lib/screens';

// Who may open it, and why: see the table in $lib/screens.
export const load = allowScreen('/printers');
