import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OfficeServer } from './app.js';
import type { Role } from './protocol/index.js';
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
      info.kioskToken = server.access.createDevice('kiosk', 'Demo kiosk (entrance)').token;
      info.displayToken = server.access.createDevice('display', 'Demo display (waiting area)').token;
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, JSON.stringify(info, null, 2), { mode: 0o600 });
    },
  };
}
