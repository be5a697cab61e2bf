/**
 * The office PC's installation as `deploy/office` ships it: the systemd units pass systemd's own check, and the
 * service's command with the example settings starts an office that answers its checks, keeps its data private,
 * and stops cleanly on systemd's SIGTERM; the audit timer's command appends the audit. (systemd itself cannot run
 * here: its checks and the commands it would run can.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config/env.js';
import { freePort } from './support.js';

const OFFICE = join(repoRoot, 'deploy/office');

/** A unit's `Key=value` lines of its [Service] section (the last value of a key wins, as in systemd). */
function serviceSection(unit: string): Map<string, string> {
  const section = unit.split(/^\[/m).find((s) => s.startsWith('Service]'))!;
  return new Map(
    section.split('\n').flatMap((l) => (/^[A-Za-z]+=/.test(l) ? [[l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]] : [])),
  );
}

/** The unit as installed on this machine: /opt/junban is this checkout, /usr/bin/node this Node. */
const installedHere = (text: string) => text.replaceAll('/opt/junban', repoRoot).replaceAll('/usr/bin/node', process.execPath);

/** The example settings file, with this test's data folder and port. */
function settings(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const line of readFileSync(join(OFFICE, 'office.env.example'), 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  return { ...env, PATH: process.env.PATH, JUNBAN_DATA_DIR: dataDir, JUNBAN_BACKUP_DIR: join(dataDir, '..', 'backups'), PORT: String(port), HOST: '127.0.0.1' };
}

describe('the office service as deploy/office ships it', () => {
  it('passes systemd-analyze verify, every unit, without a warning', () => {
    const folder = mkdtempSync(join(tmpdir(), 'junban-units-'));
    const units = ['junban-office.service', 'junban-audit.service', 'junban-audit.timer'];
    for (const unit of units) writeFileSync(join(folder, unit), installedHere(readFileSync(join(OFFICE, unit), 'utf8')));
    const verify = spawnSync('systemd-analyze', ['verify', ...units.map((u) => join(folder, u))], { encoding: 'utf8' });
    expect(verify.error, 'systemd-analyze is installed by the test command (test/scripts/prerequisites.mjs)').toBeUndefined();
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
    rmSync(folder, { recursive: true, force: true });
  });

  it("runs the service's command with the example settings: the office answers, keeps its data private, and stops on SIGTERM", async () => {
    const unit = serviceSection(installedHere(readFileSync(join(OFFICE, 'junban-office.service'), 'utf8')));
    const [node, ...args] = unit.get('ExecStart')!.split(' ');
    const root = mkdtempSync(join(tmpdir(), 'junban-service-'));
    const dataDir = join(root, 'data');
    const port = await freePort();
    const child = spawn(node!, args, { cwd: unit.get('WorkingDirectory'), env: settings(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
    const url = `http://127.0.0.1:${port}`;
    try {
      await expect.poll(async () => (await fetch(`${url}/api/v1/health`).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
      expect((await fetch(`${url}/api/v1/live`)).status).toBe(200);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(existsSync(join(dataDir, 'server.pid'))).toBe(true);
      // The first scheduled backup is taken at start, into the example's backup folder.
      await expect.poll(() => existsSync(join(root, 'backups')), { timeout: 10_000 }).toBe(true);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const stopWithin = Number(unit.get('TimeoutStopSec')) * 1000;
      const code = await Promise.race([exited, new Promise<'late'>((r) => setTimeout(() => r('late'), stopWithin))]);
      expect(code).toBe(0);
    }
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);

    // The audit timer's service, run against the same data folder once the office is stopped.
    const audit = serviceSection(installedHere(readFileSync(join(OFFICE, 'junban-audit.service'), 'utf8')));
    const file = join(root, 'audit.jsonl');
    const [auditNode, ...auditArgs] = audit.get('ExecStart')!.replace('/var/log/junban/audit.jsonl', file).split(' ');
    const shipped = spawnSync(auditNode!, auditArgs, { cwd: audit.get('WorkingDirectory'), env: settings(dataDir, port), encoding: 'utf8' });
    expect(shipped.status, shipped.stderr).toBe(0);
    expect(existsSync(`${file}.cursor`)).toBe(true);
    rmSync(root, { recursive: true, force: true });
  });
});
