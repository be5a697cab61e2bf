#!/usr/bin/env node
/**
 * junban from the shell.
 * Beside a running server:
 *   create-admin <username>   create an admin account (password from JUNBAN_ADMIN_PASSWORD or asked twice)
 *   backup <file>             online backup of the office database
 *   audit [--from D] [--to D] the audit of who did what, as JSON lines on stdout (D: YYYY-MM-DD, the office's dates)
 *   audit --append <file>     append what is new since the last run (for a cron job or systemd timer)
 * With the server stopped:
 *   remove-demo               take the demo out of a data folder that ran --demo (its accounts and devices)
 * On a kiosk PC with its own printer:
 *   print-agent <server-url> <printer>   print this kiosk's tickets (device token from JUNBAN_AGENT_TOKEN);
 *                                        printer: /dev/usb/lp0, usb, usb:04b8:0e28 or tcp://host:9100
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
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

async function main(): Promise<void> {
  if (command === 'print-agent') {
    if (!arg || !arg2) throw new Error('Usage: junban print-agent <server-url> <printer>');
    return printAgent(arg, arg2);
  }
  const env = readEnv();
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
        'Usage: junban create-admin <username> | junban backup <file> | junban audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] | junban audit --append <file> | junban remove-demo | junban print-agent <server-url> <printer>',
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
