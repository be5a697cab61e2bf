#!/usr/bin/env node
/**
 * junban from the shell.
 * Beside a running server:
 *   create-admin <username>   create an admin account (password from JUNBAN_ADMIN_PASSWORD or asked twice)
 *   backup <file>             online backup of the office database
 *   audit [--from D] [--to D] the audit of who did what, as JSON lines on stdout (D: YYYY-MM-DD, the office's dates)
 *   audit --append <file>     append what is new since the last run (for a cron job or systemd timer)
 * With the server stopped:
 *   restore <backup> [--margin N]  put a backup in place of the database; the day's numbering goes on past every
 *                             number given since (by N, 200, when the replaced database cannot be read)
 *   remove-demo               take the demo out of a data folder that ran --demo (its accounts and devices)
 * On a kiosk PC with its own printer:
 *   print-agent <server-url> <printer>   print this kiosk's tickets (device token from JUNBAN_AGENT_TOKEN);
 *                                        printer: /dev/usb/lp0, usb, usb:04b8:0e28 or tcp://host:9100
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { restoreBackup } from './storage/backups.js';
import { appendAudit, auditLines, toJsonLines } from './audit/export.js';
import { ConfigStore } from './config/store.js';
import { instantOf } from './queue/business-day.js';
import { addDays } from './calendar/calendar.js';
import type { Db } from './storage/database.js';
import { AccessStore } from './access/store.js';
import { databaseFile, readEnv } from './config/env.js';
import { startPrintAgent, transportFor } from './printing/agent.js';
import { removeDemo } from './demo.js';
import { JunbanError } from '@junban/protocol';
import { backupDatabase, openDatabase } from './storage/database.js';

// Backups hold the office's personal data: only the server's user may read them.
process.umask(0o077);

const [command, arg, arg2] = process.argv.slice(2);

async function askPassword(): Promise<string> {
  if (process.env.JUNBAN_ADMIN_PASSWORD) return process.env.JUNBAN_ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const first = await rl.question('Password (at least 8 characters): ');
  const second = await rl.question('Again: ');
  rl.close();
  if (first !== second) throw new Error('The two passwords differ.');
  return first;
}

function printAgent(serverUrl: string, printer: string): void {
  const token = process.env.JUNBAN_AGENT_TOKEN;
  if (!token) throw new Error('Set JUNBAN_AGENT_TOKEN to the token shown when the print agent was registered in admin.');
  const log = { info: (m: string) => console.log(`${new Date().toISOString()} ${m}`), warn: (m: string) => console.warn(`${new Date().toISOString()} ${m}`) };
  const agent = startPrintAgent({ serverUrl, token, printer: transportFor(printer), log });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void agent.close().then(() => process.exit(0)));
}

/** `audit`: JSON lines to stdout, or appended to a file; dates are the office's own (its time zone). */
function exportAuditCommand(db: Db, args: string[]): void {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, append: { type: 'string' } } });
  if (values.append) {
    const appended = appendAudit(db, values.append);
    console.error(`Appended ${appended} audit lines to ${values.append}.`);
    return;
  }
  const timeZone = new ConfigStore(db).load()?.settings.timeZone ?? 'Asia/Tokyo';
  const day = (date: string | undefined, flag: string) => {
    if (date === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`--${flag} takes a date as YYYY-MM-DD, not "${date}".`);
    return instantOf(date, '00:00', timeZone);
  };
  const fromMs = day(values.from, 'from');
  // --to is the last day included: the range ends where the next day begins.
  const toMs = values.to === undefined ? undefined : (day(values.to, 'to'), instantOf(addDays(values.to, 1), '00:00', timeZone));
  process.stdout.write(toJsonLines(auditLines(db, { ...(fromMs === undefined ? {} : { fromMs }), ...(toMs === undefined ? {} : { toMs }) })));
}

function restoreCommand(dataDir: string, args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { margin: { type: 'string', default: '200' } } });
  const [backup] = positionals;
  const margin = Number(values.margin);
  if (!backup || !Number.isInteger(margin) || margin < 0) throw new Error('Usage: junban restore <backup file> [--margin N]');
  const pidFile = join(dataDir, 'server.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : NaN;
  if (Number.isInteger(pid) && isRunning(pid)) throw new Error(`The office server is running (process ${pid}): stop it first (systemctl stop junban).`);
  const report = restoreBackup(dataDir, backup, { margin, now: Date.now() });
  console.log(`Restored ${report.replacedBy} as ${databaseFile(dataDir)}.`);
  if (report.keptAs) console.log(`The database it replaced is kept as ${report.keptAs}.`);
  for (const n of report.numbering) console.log(`Numbers ${n.prefix} on ${n.businessDate} go on from ${n.to + 1} (the backup had reached ${n.from}).`);
  console.log('Start the server again. Tickets and calls made after the backup are not in it.');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function main(): Promise<void> {
  if (command === 'print-agent') {
    if (!arg || !arg2) throw new Error('Usage: junban print-agent <server-url> <printer>');
    return printAgent(arg, arg2);
  }
  const env = readEnv();
  // Restoring replaces the database file: it must not be opened (and so not migrated or checked) first.
  if (command === 'restore') return restoreCommand(env.JUNBAN_DATA_DIR, process.argv.slice(3));
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
    } else if (command === 'audit') {
      exportAuditCommand(db, process.argv.slice(3));
    } else if (command === 'remove-demo') {
      const removed = removeDemo(env.JUNBAN_DATA_DIR, db, new AccessStore(db, Date.now));
      console.log(
        `Removed the demo from ${env.JUNBAN_DATA_DIR}: ${removed.accounts} accounts disabled, ${removed.devices} devices revoked, demo.json deleted.`,
      );
      if (!new AccessStore(db, Date.now).listStaff().some((s) => s.role === 'admin' && !s.disabled)) {
        console.log('The office has no admin now: create one with  npm run admin:create -- <username>');
      }
    } else {
      console.error(
        'Usage: junban create-admin <username> | junban backup <file> | junban audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] | junban audit --append <file> | junban restore <backup> [--margin N] | junban remove-demo | junban print-agent <server-url> <printer>',
      );
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
