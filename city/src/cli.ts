#!/usr/bin/env node
/**
 * The city's command line:
 *   junban-city create-admin <username> [--manager]   a city admin (or a city manager); asks for the password,
 *                                                     or reads JUNBAN_ADMIN_PASSWORD
 * The database is chosen as the server chooses it (DATABASE_URL, or PGlite in JUNBAN_DATA_DIR).
 */
import { createInterface } from 'node:readline/promises';
import { JunbanError } from '@junban/protocol';
import { CityAccess } from './access/store.js';
import { readEnv } from './config.js';
import { migrate } from './db/migrations.js';
import { openDatabase } from './db/open.js';

async function readPassword(): Promise<string> {
  if (process.env.JUNBAN_ADMIN_PASSWORD) return process.env.JUNBAN_ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const password = await rl.question('Password (at least 8 characters): ');
  rl.close();
  return password;
}

async function createAdmin(args: string[]): Promise<void> {
  const username = args.find((a) => !a.startsWith('--'));
  if (!username) throw new Error('Usage: junban-city create-admin <username> [--manager]');
  const role = args.includes('--manager') ? 'city-manager' : 'city-admin';
  const password = await readPassword();
  if (password.length < 8) throw new Error('The password needs at least 8 characters.');
  const db = await openDatabase(readEnv());
  try {
    await migrate(db);
    await new CityAccess(db, Date.now).createStaff({ username, displayName: username, role, password });
    console.log(`Created ${role} "${username}".`);
  } finally {
    await db.close();
  }
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'create-admin') await createAdmin(args);
  else {
    console.error('Usage: junban-city create-admin <username> [--manager]');
    process.exitCode = 2;
  }
} catch (err) {
  console.error(err instanceof JunbanError || err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
