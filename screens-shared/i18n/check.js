// The missing-key check (`npm run i18n:check`, early in `npm test`): every language has every message Japanese has,
// no message Japanese lacks, no placeholder Japanese does not know, and no message that no screen uses. Then the
// catalogues are compiled, which also proves that Paraglide reads every message. Prints one line per language.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from './paraglide.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const settings = JSON.parse(readFileSync(join(paraglideOptions.project, 'settings.json'), 'utf8'));
const pattern = settings['plugin.inlang.messageFormat'].pathPattern;
const fileOf = (locale) => join(here, pattern.replace('{locale}', locale));

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

const catalogues = new Map(settings.locales.map((locale) => [locale, flatten(JSON.parse(readFileSync(fileOf(locale), 'utf8')), '', new Map())]));
const base = catalogues.get(settings.baseLocale);
const problems = [];
const lines = [];
for (const [locale, messages] of catalogues) {
  const missing = [...base.keys()].filter((key) => !messages.has(key));
  const extra = [...messages.keys()].filter((key) => !base.has(key));
  const strange = [...messages].flatMap(([key, inputs]) =>
    base.has(key) ? [...inputs].filter((name) => !base.get(key).has(name) && !SELECT_ONLY.has(name)).map((name) => `${key} {${name}}`) : [],
  );
  const shared = base.size - missing.length;
  const ok = missing.length + extra.length + strange.length === 0;
  lines.push(`${locale.padEnd(10)} ${String(shared).padStart(4)} / ${base.size} keys${locale === settings.baseLocale ? ' (base)' : ''}${ok ? '' : '  ✗'}`);
  for (const key of missing) problems.push(`${locale}: missing ${key}`);
  for (const key of extra) problems.push(`${locale}: extra ${key} (not in ${settings.baseLocale})`);
  for (const what of strange) problems.push(`${locale}: unknown input ${what}`);
}

// A message no screen calls is dead weight every translator still has to write. A call is `.name(`; a family of
// messages picked by a value (`t.problems[problem]()`) counts through its parent's `.problems[`; `.name.parts(` is a
// call that keeps the furigana.
const sources = ['kiosk/src', 'display/src', 'admin/src', 'screens-shared']
  .flatMap(function files(dir) {
    return readdirSync(join(root, dir)).flatMap((name) => {
      const path = join(dir, name);
      if (name === 'paraglide' || name === 'node_modules') return [];
      if (statSync(join(root, path)).isDirectory()) return files(path);
      return /\.(ts|svelte|js)$/.test(name) ? [path] : [];
    });
  })
  .map((path) => readFileSync(join(root, path), 'utf8'))
  .join('\n');
for (const key of base.keys()) {
  const parts = key.split('.');
  const called = sources.includes(`.${parts.at(-1)}(`) || sources.includes(`.${parts.at(-1)}.parts(`);
  const picked = parts.length > 1 && sources.includes(`.${parts.at(-2)}[`);
  if (!called && !picked) problems.push(`${settings.baseLocale}: unused ${key}`);
}

console.log(`Message catalogues (${relative(root, join(here, 'messages'))}), against ${settings.baseLocale}:`);
for (const line of lines) console.log(`  ${line}`);

// Compiling proves the format: a message Paraglide cannot read does not become a function.
await compile(paraglideOptions);
const { m } = await import(pathToFileURL(join(paraglideOptions.outdir, 'messages.js')).href);
for (const key of base.keys()) if (typeof m[key] !== 'function') problems.push(`${settings.baseLocale}: ${key} did not compile`);

if (problems.length > 0) {
  console.log(`${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const problem of problems) console.log(`  ${problem}`);
  process.exit(1);
}
console.log(`All ${settings.locales.length} languages have all ${base.size} messages.`);
