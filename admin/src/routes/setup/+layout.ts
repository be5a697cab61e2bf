import { allow } from '$lib/roles';

// Office configuration is for system admins only, on every setup page; the server refuses config:write and
// access:write to everyone else too.
export const load = allow('admin');
