// Compiles the catalogues before a type check, on a fresh clone as after an edit (a build does it through the Vite
// plugin). Skipped when the output is newer than every catalogue file, so that each app's check does not redo it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from './paraglide.js';

const newest = (folder) => Math.max(...readdirSync(folder).map((name) => statSync(join(folder, name)).mtimeMs));
const marker = join(paraglideOptions.outdir, 'messages.js');
const sources = Math.max(newest(join(paraglideOptions.project, '..', 'messages')), newest(paraglideOptions.project));
if (process.argv.includes('--force') || !existsSync(marker) || statSync(marker).mtimeMs < sources) {
  await compile(paraglideOptions);
}
