import { allow } from '$lib/roles';

// Only counter staff may call and serve (queue:serve); other roles would get 403 on every button.
export const load = allow('counter');
