import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessStore } from './access/store.js';
import type { OfficeServer } from './app.js';
import { addDays } from './calendar/calendar.js';
import { repoRoot } from './config/env.js';
import { EventLog } from './event-log/event-log.js';
import { writeDemoHistory } from './insights/demo-history.js';
import { withPrinter } from './config/edits.js';
import { OfficeConfig, Printer, type LocalizedText, type Role } from '@junban/protocol';
import type { DemoInfo } from './screens/landing.js';
import type { Db } from './storage/database.js';

const roles: Role[] = ['counter', 'guide', 'manager', 'admin'];

/**
 * The demo office's setup: a real city office's (server/demo/office.json: its procedures, counters, hours and
 * calendar, which any office may import), open for trying, so a newcomer can take numbers and try every screen at any
 * hour. An admin can turn that off in Setup like any office's.
 */
export function demoOfficeConfig(name?: LocalizedText): OfficeConfig {
  const office = OfficeConfig.parse(JSON.parse(readFileSync(join(repoRoot, 'server/demo/office.json'), 'utf8')));
  return { ...office, settings: { ...office.settings, ...(name ? { name } : {}), openForTrying: true } };
}

/**
 * The demo's accounts and device tokens are kept in the data folder (demo.json), so its links keep working across
 * restarts. A real office never has such a file: its tokens are shown once and only their hashes are stored.
 */
export async function prepareDemo(dataDir: string) {
  const file = demoFile(dataDir);
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoInfo) : undefined;
  const info: DemoInfo = existing ?? {
    kioskToken: '',
    displayToken: '',
    accounts: roles.map((role) => ({ role, username: role, password: `${role}-${randomBytes(3).toString('hex')}` })),
  };
  return {
    info,
    async seed(server: OfficeServer) {
      if (existing) return;
      for (const a of info.accounts) {
        await server.access.createStaff({ username: a.username, displayName: `Demo ${a.role}`, role: a.role as Role, password: a.password });
      }
      // The demo prints on a virtual printer: its tickets are shown at /admin/printers.
      if (!server.office.config.printers.length) {
        server.office.configure((c) =>
          withPrinter(c, Printer.parse({ id: 'entrance', name: 'Entrance kiosk printer (virtual)', connection: { kind: 'virtual' } })),
        );
      }
      const kiosk = server.access.createDevice('kiosk', 'Demo kiosk (entrance)');
      server.access.setKioskSettings(kiosk.device.id, { printerId: 'entrance', ticketsPerMinute: 8 });
      info.kioskToken = kiosk.token;
      info.displayToken = server.access.createDevice('display', 'Demo display (waiting area)').token;
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, JSON.stringify(info, null, 2), { mode: 0o600 });
    },
  };
}

export const demoFile = (dataDir: string) => join(dataDir, 'demo.json');

/**
 * Why a real office refuses to start on a folder the demo used: the demo's accounts (their passwords are in
 * demo.json) and its kiosk and display tokens would still work.
 */
export function demoLeftoverMessage(dataDir: string): string {
  return (
    `The data folder ${dataDir} was used by the demo (${demoFile(dataDir)}): its demo accounts and kiosk and display links ` +
    'still work, and their passwords and tokens are written in that file. A real office does not start on it.\n' +
    `  Remove the demo:    JUNBAN_DATA_DIR=${dataDir} npm run cli -- remove-demo   (then, if it leaves no admin: npm run admin:create -- <name>)\n` +
    '  or start afresh:    set JUNBAN_DATA_DIR to a new, empty folder\n' +
    '  or keep trying the demo:  npm start'
  );
}

/**
 * Takes the demo out of an office: its accounts are disabled (their sessions end), its kiosk and display revoked,
 * and demo.json deleted. The setup (procedures, counters) and the history stay; an admin changes them in Setup.
 */
export function removeDemo(dataDir: string, db: Db, access: AccessStore): { accounts: number; devices: number } {
  const file = demoFile(dataDir);
  if (!existsSync(file)) return { accounts: 0, devices: 0 };
  const info = JSON.parse(readFileSync(file, 'utf8')) as DemoInfo;
  const result = db.transaction(() => {
    let accounts = 0;
    for (const a of info.accounts) {
      const id = db.prepare('SELECT id FROM staff WHERE username = ?').pluck().get(a.username) as string | undefined;
      if (!id) continue;
      // Straight in the table: the demo's admin may be the last one, which Setup would rightly refuse to disable.
      db.prepare('UPDATE staff SET disabled = 1 WHERE id = ?').run(id);
      db.prepare('DELETE FROM sessions WHERE staff_id = ?').run(id);
      accounts += 1;
    }
    let devices = 0;
    for (const token of [info.kioskToken, info.displayToken]) {
      const device = token ? access.device(token) : null;
      if (device?.kind !== 'device') continue;
      access.revokeDevice(device.id);
      devices += 1;
    }
    return { accounts, devices };
  })();
  rmSync(file);
  return result;
}

/** How much history the demo writes. */
export interface DemoHistorySize {
  days: number;
  /** Mean visits a day; 1000 is a mid-size office's traffic, as cities describe theirs. */
  visitsPerDay: number;
  /** 0 writes the days the demo always wrote; another number, other days (offices side by side differ). */
  seed: number;
}

/**
 * The manager's views need history: the demo writes the days before today (a year by default), a day at a time and
 * in the background (about half a minute a year), so the office is usable at once and the history fills in while
 * one looks around. A linked office sends it to the city as it is written.
 */
export async function writeDemoHistoryDays(server: OfficeServer, size: DemoHistorySize, log: (message: string) => void): Promise<void> {
  const { days, visitsPerDay, seed } = size;
  if (days === 0) return;
  const to = addDays(today(server), -1);
  if (new EventLog(server.db).has({ to })) return;
  log(`writing ${days} days of demo history (up to ${to}) in the background`);
  let visits = 0;
  for (let date = addDays(to, 1 - days); date <= to; date = addDays(date, 1)) {
    if (!server.db.open) return;
    const dayNumber = Date.parse(`${date}T00:00:00Z`) / 86_400_000;
    visits += writeDemoHistory(server.db, server.office.config, {
      from: date,
      to: date,
      visitsPerDay,
      seed: (dayNumber * 0.618034 + seed * 0.381966) % 1,
    }).visits;
    // Written without a commit of the office: its link to the city, if any, sends the day now.
    server.cityLink.logAppended();
    await new Promise((resolve) => setImmediate(resolve));
  }
  log(`demo history written: ${visits} visits`);
}

const today = (server: OfficeServer) => server.office.state.businessDate(server.office.now());
