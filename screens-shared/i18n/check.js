// The missing-key check (`npm run i18n:check`, early in `npm test`), for both catalogues (residents' and staff's):
// every language has every message Japanese has, no message Japanese lacks, no placeholder Japanese does not know,
// and no message that no screen uses. Then each is compiled, which also proves that Paraglide reads every message.
// Prints one line per language.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from '@inlang/paraglide-js';
import { catalogues } from './paraglide.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');

/** Each message's key (nested objects joined with dots) and the inputs it uses. */
function flatten(node, prefix, out) {
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, placeholders(value));
    else if (Array.isArray(value)) {
      const inputs = new Set(value.flatMap((v) => (v.declarations ?? []).filter((d) => d.startsWith('input ')).map((d) => d.slice(6).trim())));
      for (const text of value.flatMap((v) => Object.values(v.match))) for (const name of placeholders(text)) inputs.add(name);
      out.set(path, inputs);
    } else flatten(value, path, out);
  }
  return out;
}
/** `{name}` in a text, not `{#markup}` nor an escaped `\{`. */
const placeholders = (text) => new Set([...text.matchAll(/(?<!\\)\{(\w+)\}/g)].map((m) => m[1]));
/** Inputs a language may add to select on, which Japanese needs not (Korean particles after a counter's name). */
const SELECT_ONLY = new Set(['counterTo']);

/** Every problem in one project's catalogues; prints its languages' lines. */
async function check({ name, options, sources: folders }) {
  const settings = JSON.parse(readFileSync(join(options.project, 'settings.json'), 'utf8'));
  const pattern = settings['plugin.inlang.messageFormat'].pathPattern;
  const fileOf = (locale) => join(options.project, '..', pattern.replace('{locale}', locale));
  const languages = new Map(settings.locales.map((locale) => [locale, flatten(JSON.parse(readFileSync(fileOf(locale), 'utf8')), '', new Map())]));
  const base = languages.get(settings.baseLocale);
  const problems = [];
  const lines = [];
  for (const [locale, messages] of languages) {
    const missing = [...base.keys()].filter((key) => !messages.has(key));
    const extra = [...messages.keys()].filter((key) => !base.has(key));
    const strange = [...messages].flatMap(([key, inputs]) =>
      base.has(key) ? [...inputs].filter((input) => !base.get(key).has(input) && !SELECT_ONLY.has(input)).map((input) => `${key} {${input}}`) : [],
    );
    const shared = base.size - missing.length;
    const ok = missing.length + extra.length + strange.length === 0;
    lines.push(`${locale.padEnd(10)} ${String(shared).padStart(4)} / ${base.size} keys${locale === settings.baseLocale ? ' (base)' : ''}${ok ? '' : '  ✗'}`);
    for (const key of missing) problems.push(`${locale}: missing ${key}`);
    for (const key of extra) problems.push(`${locale}: extra ${key} (not in ${settings.baseLocale})`);
    for (const what of strange) problems.push(`${locale}: unknown input ${what}`);
  }

  // A message no screen calls is dead weight every translator still has to write. A call is `.name(`; a family of
  // messages picked by a value (`t.problems[problem]()`) counts through its parent's `.problems[`; `.name.parts(`
  // is a call that keeps the furigana, `.name.ja(` one that takes a staff message's Japanese alone.
  const code = folders
    .flatMap(function files(dir) {
      return readdirSync(join(root, dir)).flatMap((entry) => {
        const path = join(dir, entry);
        if (entry.startsWith('paraglide') || entry === 'node_modules') return [];
        if (statSync(join(root, path)).isDirectory()) return files(path);
        return /\.(ts|svelte|js)$/.test(entry) ? [path] : [];
      });
    })
    .map((path) => readFileSync(join(root, path), 'utf8'))
    .join('\n');
  for (const key of base.keys()) {
    const parts = key.split('.');
    const last = parts.at(-1);
    const called = [`.${last}(`, `.${last}.parts(`, `.${last}.ja(`, `.${last}.en(`].some((call) => code.includes(call));
    const picked = parts.length > 1 && code.includes(`.${parts.at(-2)}[`);
    if (!called && !picked) problems.push(`${settings.baseLocale}: unused ${key}`);
  }

  console.log(`The ${name} catalogues (${relative(root, join(options.project, '..', 'messages'))}), against ${settings.baseLocale}:`);
  for (const line of lines) console.log(`  ${line}`);

  // Compiling proves the format: a message Paraglide cannot read does not become a function.
  await compile(options);
  const { m } = await import(pathToFileURL(join(options.outdir, 'messages.js')).href);
  for (const key of base.keys()) if (typeof m[key] !== 'function') problems.push(`${settings.baseLocale}: ${key} did not compile`);
  if (problems.length === 0) console.log(`  All ${settings.locales.length} languages have all ${base.size} messages.`);
  return problems.map((problem) => `${name}: ${problem}`);
}

const problems = [];
for (const project of catalogues) problems.push(...(await check(project)));
if (problems.length > 0) {
  console.log(`${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const problem of problems) console.log(`  ${problem}`);
  process.exit(1);
}
