// How the catalogues in ./messages compile to ../paraglide (typed message functions), for the Vite plugin of each
// screen app and for `compile.js` (svelte-check and the missing-key check run before any build).
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
