#!/usr/bin/env node
// Runs the end-to-end tests. Playwright cannot download its browsers here, so the tests use Debian's Chromium
// and Japanese fonts (without them every kana renders as a box in screenshots); when they are missing and we
// may use apt, we install them, and otherwise say exactly what to install.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const testDir = dirname(dirname(fileURLToPath(import.meta.url)));
const customChromium = process.env.JUNBAN_CHROMIUM;
const chromium = customChromium || '/usr/bin/chromium';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const japaneseFonts = () => has('fc-list') && spawnSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' }).stdout.trim() !== '';

function missingPackages() {
  const missing = [];
  if (!existsSync(chromium)) missing.push('chromium');
  if (!japaneseFonts()) missing.push(...(has('fc-list') ? [] : ['fontconfig']), 'fonts-noto-cjk');
  return missing;
}

function run(command, args) {
  console.log(`e2e: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) {
    console.error(`e2e: ${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(1);
  }
}

let missing = missingPackages();
if (missing.length > 0 && customChromium && missing.includes('chromium')) {
  console.error(`e2e: JUNBAN_CHROMIUM=${customChromium} does not exist. Point it at a Chromium binary, or unset it to use /usr/bin/chromium.`);
  process.exit(1);
}
if (missing.length > 0) {
  const canApt = process.getuid?.() === 0 && has('apt-get');
  if (!canApt) {
    console.error(`e2e: missing ${missing.join(', ')}. Install the Debian packages first:\n  sudo apt-get install -y ${missing.join(' ')}`);
    console.error('e2e: (or set JUNBAN_CHROMIUM to another Chromium binary; do not run `playwright install`, browsers cannot be downloaded)');
    process.exit(1);
  }
  console.log(`e2e: installing the missing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...missing]);
  missing = missingPackages();
  if (missing.length > 0) {
    console.error(`e2e: still missing after apt-get: ${missing.join(', ')}`);
    process.exit(1);
  }
}

const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const child = spawn(process.execPath, [cli, 'test', ...process.argv.slice(2)], { cwd: testDir, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
