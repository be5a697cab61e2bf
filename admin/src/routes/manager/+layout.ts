import { allowScreen } from '$lib/screens';

// Every page under it; who may open it, and why: see the table in $lib/screens.
export const load = allowScreen('/manager');
