/**
 * The needs a resident may say they have, in the order screens list them (zod-free, for the kiosk and the phone).
 * The schema is `Need` in ./model.ts.
 */
export const NEEDS = ['hearing', 'sight', 'wheelchair', 'sign_language', 'interpreter'] as const;
