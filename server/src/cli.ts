/**
 * Administration from the shell, beside a running server:
 *   create-admin <username>   create an admin account (password from JUNBAN_ADMIN_PASSWORD or asked twice)
 *   backup <file>             online backup of the office database
 */
import { createInterface } from 'node:readline/promises';
import { AccessStore } from './access/store.js';
import { databaseFile, readEnv } from './config/env.js';
import { JunbanError } from './protocol/index.js';
import { backupDatabase, openDatabase } from './storage/database.js';

const [command, arg] = process.argv.slice(2);
const env = readEnv();

async function askPassword(): Promise<string> {
  if (process.env.JUNBAN_ADMIN_PASSWORD) return process.env.JUNBAN_ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const first = await rl.question('Password (at least 8 characters): ');
  const second = await rl.question('Again: ');
  rl.close();
  if (first !== second) throw new Error('The two passwords differ.');
  return first;
}

async function main(): Promise<void> {
  const db = openDatabase(databaseFile(env.JUNBAN_DATA_DIR));
  try {
    if (command === 'create-admin' && arg) {
      const password = await askPassword();
      if (password.length < 8) throw new Error('The password needs at least 8 characters.');
      const account = await new AccessStore(db, Date.now).createStaff({ username: arg, displayName: arg, role: 'admin', password });
      console.log(`Created admin "${account.username}".`);
    } else if (command === 'backup' && arg) {
      const started = Date.now();
      await backupDatabase(db, arg);
      console.log(`Backed up ${databaseFile(env.JUNBAN_DATA_DIR)} to ${arg} in ${Date.now() - started} ms.`);
    } else {
      console.error('Usage: junban create-admin <username> | junban backup <file>');
      process.exitCode = 2;
    }
  } finally {
    db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof JunbanError || e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
