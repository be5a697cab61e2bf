import type { DeviceKind, Principal, Role } from './model.js';

/** What an operation needs; each role and device kind is granted a fixed set. */
export type Permission =
  | 'public:read' // numbers, counters, waiting counts, estimates
  | 'queue:read' // who is waiting, visit details
  | 'visit:issue'
  | 'visit:edit' // change remaining steps, cancel
  | 'queue:serve' // call, recall, start, finish, transfer, no-show, hold
  | 'counter:status' // open, pause or close a counter
  | 'reservation:read'
  | 'reservation:write'
  | 'reservation:checkin'
  | 'stats:read'
  | 'config:write'
  | 'access:write' // staff accounts and devices
  // A resident's pre-filled forms are personal data: only the floor guide who fills them and the counter that uses them.
  | 'form:read'
  | 'form:write'
  // Notices on the waiting-room screens (issue 20): managers post and withdraw them.
  | 'notice:write';

const staff: Record<Role, readonly Permission[]> = {
  counter: [
    'public:read',
    'queue:read',
    'visit:issue',
    'visit:edit',
    'queue:serve',
    'counter:status',
    'reservation:read',
    'reservation:write',
    'reservation:checkin',
    'form:read',
    'form:write',
  ],
  guide: ['public:read', 'queue:read', 'visit:issue', 'visit:edit', 'reservation:read', 'reservation:checkin', 'form:read', 'form:write'],
  // Managers and admins open a second counter at 10:00 or close one for lunch without serving at it.
  manager: ['public:read', 'queue:read', 'reservation:read', 'reservation:write', 'stats:read', 'counter:status', 'notice:write'],
  admin: ['public:read', 'queue:read', 'reservation:read', 'reservation:write', 'stats:read', 'counter:status', 'config:write', 'access:write', 'notice:write'],
};

const devices: Record<DeviceKind, readonly Permission[]> = {
  kiosk: ['public:read', 'visit:issue', 'reservation:checkin'],
  display: ['public:read'],
  // A print agent only takes print jobs over its socket; it reads and changes nothing.
  agent: [],
};

export function permissionsOf(principal: Principal | null): readonly Permission[] {
  if (!principal) return [];
  return principal.kind === 'staff' ? staff[principal.role] : devices[principal.device];
}

/** The staff roles and device kinds granted `permission` (for the OpenAPI document's security). */
export function grantedTo(permission: Permission | 'none'): { roles: Role[]; devices: DeviceKind[] } {
  return {
    roles: (Object.keys(staff) as Role[]).filter((r) => permission === 'none' || staff[r].includes(permission)),
    devices: (Object.keys(devices) as DeviceKind[]).filter((d) => permission === 'none' || devices[d].includes(permission)),
  };
}

export function can(principal: Principal | null, permission: Permission | 'none'): boolean {
  return permission === 'none' || permissionsOf(principal).includes(permission);
}
