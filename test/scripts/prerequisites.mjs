#!/usr/bin/env node
// @ts-check
// What the test command needs from the machine, checked in its first seconds, before anything is built.
//
// The browser tests drive Debian's Chromium: Playwright cannot download its own browsers here. The city's tests
// run against a throwaway PostgreSQL server (postgres.mjs), which needs Debian's PostgreSQL programs
// (/usr/lib/postgresql/*/bin/initdb); the office's service units are checked with systemd-analyze. When one is missing and we run as root with apt, we install it; otherwise we
// stop at once and name the command to run.
// Fonts come from the server's own packages (Noto Sans JP, SC, KR), handed to Chromium through a fontconfig file,
// so a machine without any CJK font still renders every screen as residents see it. Imported by e2e.mjs too, which
// then starts Chromium with FONTCONFIG_FILE pointing at that file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresBinDir } from './postgres.mjs';
import { slapdBin } from './slapd.mjs';

const customChromium = process.env.JUNBAN_CHROMIUM;
export const chromium = customChromium || '/usr/bin/chromium';

const has = (/** @type {string} */ command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/**
 * @param {string[]} packages
 * @param {{ options?: string[], hint?: string }} [how] extra apt-get install options; a line of advice when we cannot install
 */
function install(packages, { options = [], hint } = {}) {
  const command = `apt-get install -y ${[...options, ...packages].join(' ')}`;
  if (process.getuid?.() !== 0 || !has('apt-get')) {
    console.error(`test: missing ${packages.join(', ')}. Install the Debian packages first:\n  sudo ${command}`);
    if (hint) console.error(`test: ${hint}`);
    process.exit(1);
  }
  console.log(`test: installing the missing Debian packages: ${packages.join(' ')}`);
  for (const args of [['update'], ['install', '-y', ...options, ...packages]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) {
      console.error(`test: apt-get ${args.join(' ')} failed (${result.status ?? result.signal}); run it yourself:\n  sudo ${command}`);
      process.exit(1);
    }
  }
}

/** Chromium is there, or installed now; exits the process with the command to run when it cannot be. */
export function ensureChromium() {
  if (existsSync(chromium)) return;
  if (customChromium) {
    console.error(`test: JUNBAN_CHROMIUM=${customChromium} does not exist. Point it at a Chromium binary, or unset it to use /usr/bin/chromium.`);
    process.exit(1);
  }
  install(['chromium'], {
    hint: '(or set JUNBAN_CHROMIUM to another Chromium binary; do not run `playwright install`, browsers cannot be downloaded)',
  });
  if (!existsSync(chromium)) {
    console.error(`test: ${chromium} is still missing after apt-get install chromium`);
    process.exit(1);
  }
}

/**
 * Debian's PostgreSQL programs are there, or installed now; exits the process with the command to run when they
 * cannot be. Only the programs are used: the tests start their own cluster (postgres.mjs), never the system's.
 */
export function ensurePostgres() {
  if (postgresBinDir()) return;
  install(['postgresql'], { options: ['--no-install-recommends'] });
  if (!postgresBinDir()) {
    console.error('test: /usr/lib/postgresql/*/bin/initdb is still missing after apt-get install postgresql');
    process.exit(1);
  }
}

/**
 * Debian's OpenLDAP server and tools are there, or installed now: the office server's tests of sign-in with the
 * city's directory start their own slapd (slapd.mjs), never the system's (the package's service is not used).
 */
export function ensureSlapd() {
  if (existsSync(slapdBin)) return;
  install(['slapd', 'ldap-utils'], { options: ['--no-install-recommends'] });
  if (!existsSync(slapdBin)) {
    console.error(`test: ${slapdBin} is still missing after apt-get install slapd ldap-utils`);
    process.exit(1);
  }
}

/** systemd-analyze checks the office's service units (server/test/deploy.test.ts); only the program is used. */
export function ensureSystemdAnalyze() {
  if (has('systemd-analyze')) return;
  install(['systemd'], { options: ['--no-install-recommends'] });
}

/** A fontconfig file: the machine's own fonts plus the ones the server ships. Returns its path. */
export function fontconfigWithShippedFonts() {
  const serverDir = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'server');
  const require = createRequire(join(serverDir, 'package.json'));
  const dirs = ['jp', 'sc', 'kr', 'thai', 'devanagari'].map((script) =>
    dirname(dirname(require.resolve(`@expo-google-fonts/noto-sans-${script}/package.json`))),
  );
  const folder = mkdtempSync(join(tmpdir(), 'junban-fonts-'));
  const file = join(folder, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${dirs.map((d) => `  <dir>${d}</dir>`).join('\n')}
  <cachedir>${join(folder, 'cache')}</cachedir>
</fontconfig>
`,
  );
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureChromium();
  ensurePostgres();
  ensureSlapd();
  ensureSystemdAnalyze();
}
