// How the catalogues compile to typed message functions, for the Vite plugin of each screen app and for
// `compile.js` (svelte-check and the missing-key check run before any build). Two projects: the words residents
// read, in every language they may choose (./messages → ../paraglide), and the staff screens' words, in Japanese
// and English (./staff/messages → ../paraglide-staff).
import { fileURLToPath } from 'node:url';

/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
  project: fileURLToPath(new URL('./project.inlang', import.meta.url)),
  outdir: fileURLToPath(new URL('../paraglide', import.meta.url)),
  // No screen uses a global locale: every message is called with its language (see ../words.ts).
  strategy: ['baseLocale'],
  // svelte-check reads the declarations rather than type-checking the generated JavaScript.
  emitTsDeclarations: true,
  emitReadme: false,
};

/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const staffParaglideOptions = {
  ...paraglideOptions,
  project: fileURLToPath(new URL('./staff/project.inlang', import.meta.url)),
  outdir: fileURLToPath(new URL('../paraglide-staff', import.meta.url)),
};

/** Both projects, each with the folders whose code calls its messages (for the check that none is unused). */
export const catalogues = [
  { name: 'resident', options: paraglideOptions, sources: ['kiosk/src', 'display/src', 'admin/src', 'screens-shared'] },
  { name: 'staff', options: staffParaglideOptions, sources: ['admin/src', 'city/pages/src', 'screens-shared'] },
];
