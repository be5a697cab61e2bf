import { allow } from '$lib/roles';

// Waits, service levels and staffing are for managers (and admins); the server answers stats:read to no one else.
export const load = allow('manager', 'admin');
