import { allow } from '$lib/roles';

// Floor guides fill in residents' forms: personal data, which the server gives to guides and counter staff only.
export const load = allow('guide');
