import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OfficeServer } from './app.js';
import { withPrinter } from './config/edits.js';
import { Printer, type Role } from './protocol/index.js';
import type { DemoInfo } from './screens/landing.js';

const roles: Role[] = ['counter', 'guide', 'manager', 'admin'];

/**
 * The demo's accounts and device tokens are kept in the data folder (demo.json), so its links keep working across
 * restarts. A real office never has such a file: its tokens are shown once and only their hashes are stored.
 */
export async function prepareDemo(dataDir: string) {
  const file = join(dataDir, 'demo.json');
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
        server.office.configure((c) => withPrinter(c, Printer.parse({ id: 'entrance', name: 'Entrance kiosk printer (virtual)', connection: { kind: 'virtual' } })));
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
