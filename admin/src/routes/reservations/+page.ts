import { allow } from '$lib/roles';

// Counter staff book and move reservations at the counter; managers plan the day with them.
export const load = allow('counter', 'manager');
