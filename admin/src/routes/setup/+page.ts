import { allow } from '$lib/roles';

// Office configuration is for system admins only; the server refuses config:write to everyone else too.
export const load = allow('admin');
