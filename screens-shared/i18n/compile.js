// Compiles the catalogues before a type check, on a fresh clone as after an edit (a build does it through the Vite
// plugin). Skipped when the output is newer than every catalogue file, so that each app's check does not redo it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@inlang/paraglide-js';
import { catalogues } from './paraglide.js';

const newest = (folder) => Math.max(...readdirSync(folder).map((name) => statSync(join(folder, name)).mtimeMs));
for (const { options } of catalogues) {
  const marker = join(options.outdir, 'messages.js');
  const sources = Math.max(newest(join(options.project, '..', 'messages')), newest(options.project));
  if (process.argv.includes('--force') || !existsSync(marker) || statSync(marker).mtimeMs < sources) {
    await compile(options);
  }
}
