import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';

// Setup has no page of its own: it opens on the first section.
export const load = () => redirect(307, resolve('/setup/services'));
