#!/usr/bin/env node
// @ts-check
// Runs the end-to-end tests in Debian's Chromium (installed first if missing, see prerequisites.mjs), with the
// fonts the server ships, so the screens look the same on a machine without any Japanese font. The city's pages are
// tested against a city on a throwaway PostgreSQL, so Debian's PostgreSQL programs are checked for too.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensurePostgres, fontconfigWithShippedFonts } from './prerequisites.mjs';

ensureChromium();
ensurePostgres();
const testDir = dirname(dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, FONTCONFIG_FILE: fontconfigWithShippedFonts() };
const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const child = spawn(process.execPath, [cli, 'test', ...process.argv.slice(2)], { cwd: testDir, stdio: 'inherit', env });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
