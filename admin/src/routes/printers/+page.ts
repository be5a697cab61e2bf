import { allow } from '$lib/roles';

// Every staff member may see the printers (whoever passes the kiosk changes the roll); what each may do there
// follows the server's permissions: reprint and lift a kiosk's limit with visit:edit, test print with config:write.
export const load = allow('counter', 'guide', 'manager', 'admin');
