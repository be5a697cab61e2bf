import type { Need } from '@junban/protocol/screens';

/** Each need's icon, beside its words on the kiosk and the phone (never an icon alone, never colour alone). */
export const NEED_ICONS: Record<Need, string> = {
  hearing: 'ear',
  sight: 'eye',
  wheelchair: 'accessibility',
  sign_language: 'hand',
  interpreter: 'languages',
};
