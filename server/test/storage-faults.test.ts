/**
 * When the database cannot do what is asked, the office says so at once and clearly: a lock held by another
 * program, a full disk, a damaged or locked file at start. And what it writes to disk only its own user may read;
 * a folder the demo ran in does not quietly become a real office with the demo's passwords.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { serveNodeFlags } from '../src/testing/office.js';
import { databaseFile, repoRoot } from '../src/config/env.js';
import { openDatabase } from '../src/storage/database.js';
import { freePort, startOffice, startServerProcess, type DemoFile } from './support.js';

const folders: string[] = [];
const freshFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'junban-storage-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const issue = (url: string, token: string) =>
  fetch(`${url}/api/v1/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ services: ['juminhyo'] }),
  });

/** `main.js` (with `args`) on `dataDir` until it exits; what it printed and its exit code. */
function runServer(dataDir: string, args: string[] = [], timeoutMs = 15_000) {
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [...serveNodeFlags(), join(repoRoot, 'server/dist/main.js'), ...args], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', JUNBAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', JUNBAN_DEMO_HISTORY_DAYS: '0' },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('a database another program holds locked', () => {
  it('answers a command with storage/busy within well under a second, changes nothing, and /health still answers', async () => {
    const office = await startOffice();
    const socket = await office.socket({ token: office.kioskToken });
    const other = new Database(databaseFile(office.dataDir));
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      const [res, health] = await Promise.all([
        issue(office.url, office.kioskToken),
        new Promise((r) => setTimeout(r, 20)).then(() => fetch(`${office.url}/api/v1/health`)),
      ]);
      const took = Date.now() - started;
      expect(res.status).toBe(503);
      expect((await res.json()).error).toMatchObject({ code: 'storage/busy', message: expect.stringMatching(/nothing was changed/) });
      expect(took).toBeLessThan(800);
      expect([200, 503]).toContain(health.status);

      // A kiosk on its socket gets the same clear answer.
      const ack = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
        socket.emit('command', { name: 'issueVisit', input: { services: ['juminhyo'] } }, resolve as never),
      );
      expect(ack).toMatchObject({ ok: false, error: { code: 'storage/busy' } });

      other.exec('ROLLBACK');
      // Nothing was taken by the refused ticket: the first one that goes through is still A1.
      const ok = await issue(office.url, office.kioskToken);
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { visit: { number: string } }).visit.number).toBe('A1');
    } finally {
      other.close();
      await office.stop();
    }
  }, 20_000);
});

describe('a full disk', () => {
  it('answers storage/unwritable, and /health says not-ready with the reason until a write succeeds again', async () => {
    const office = await startOffice();
    try {
      // SQLite answers SQLITE_FULL once the file would grow past max_page_count, as on a full disk.
      const pages = office.server.db.pragma('page_count', { simple: true }) as number;
      office.server.db.pragma(`max_page_count = ${pages}`);
      let refused: Response | undefined;
      for (let i = 0; i < 500 && !refused; i++) {
        const res = await issue(office.url, office.kioskToken);
        if (res.status !== 200) refused = res;
      }
      expect(refused?.status).toBe(503);
      expect((await refused!.json()).error).toMatchObject({ code: 'storage/unwritable', message: expect.stringMatching(/disk is full/) });

      const health = await fetch(`${office.url}/api/v1/health`);
      expect(health.status).toBe(503);
      expect((await health.json()).error).toMatchObject({ code: 'storage/unwritable', message: expect.stringMatching(/disk is full/) });

      office.server.db.pragma('max_page_count = 1073741823');
      expect((await issue(office.url, office.kioskToken)).status).toBe(200);
      expect((await fetch(`${office.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await office.stop();
    }
  }, 30_000);
});

describe('an idle office', () => {
  it('says not-ready at /health when its database can no longer write, though nobody has tried to, and ready once it can', async () => {
    const office = await startOffice();
    try {
      expect((await fetch(`${office.url}/api/v1/health`)).status).toBe(200);
      // The file goes read-only at night: no resident, no clerk, only the monitor asking.
      office.server.db.pragma('query_only = true');
      const health = await fetch(`${office.url}/api/v1/health`);
      expect(health.status).toBe(503);
      expect((await health.json()).error).toMatchObject({ code: 'storage/unwritable', message: expect.stringMatching(/read-only/) });
      office.server.db.pragma('query_only = false');
      expect((await fetch(`${office.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await office.stop();
    }
  });
});

describe('a database that cannot be used at start', () => {
  const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

  it('stops on a file that is not a database, naming the file and how to restore it', async () => {
    const dir = freshFolder();
    writeFileSync(join(dir, 'junban.db'), Buffer.alloc(64 * 1024, 'garbage!'));
    const { code, stderr } = await runServer(dir);
    expect(code).not.toBe(0);
    expect(stderr).toContain(join(dir, 'junban.db'));
    expect(stderr).toMatch(/damaged/);
    expect(stderr).toMatch(/npm run backup/);
    noStack(stderr);
  });

  it('stops on a database damaged inside (quick_check), naming the file', async () => {
    const dir = freshFolder();
    const file = join(dir, 'junban.db');
    openDatabase(file).close();
    // Garbage over the pages after the schema's: the header still says "SQLite", the tables do not hold together.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(statSync(file).size - 8192, 0xa5), 0, undefined, 8192);
    closeSync(fd);
    const { code, stderr } = await runServer(dir);
    expect(code).not.toBe(0);
    expect(stderr).toContain(file);
    expect(stderr).toMatch(/damaged/);
    noStack(stderr);
  });

  it('stops on a database another program holds locked, saying so', async () => {
    const dir = freshFolder();
    const file = join(dir, 'junban.db');
    openDatabase(file).close();
    const other = new Database(file);
    try {
      other.pragma('locking_mode = EXCLUSIVE');
      other.exec('BEGIN EXCLUSIVE; CREATE TABLE held (x); COMMIT');
      const { code, stderr } = await runServer(dir);
      expect(code).not.toBe(0);
      expect(stderr).toContain(file);
      expect(stderr).toMatch(/locked by another program/);
      noStack(stderr);
    } finally {
      other.close();
    }
  });
});

describe('what the server writes to disk', () => {
  it("is readable by the server's user only: the data folder 0700, the database, its WAL and SHM, forms.key and demo.json 0600", async () => {
    const dataDir = join(freshFolder(), 'office');
    const port = await freePort();
    const child = await startServerProcess(dataDir, port);
    try {
      const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
      expect(mode(dataDir)).toBe('700');
      for (const name of ['junban.db', 'junban.db-wal', 'junban.db-shm', 'forms.key', 'demo.json']) {
        expect([name, mode(join(dataDir, name))]).toEqual([name, '600']);
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('a data folder the demo ran in', () => {
  it("does not start as a real office until the demo is removed, and then the demo's accounts and links no longer work", async () => {
    const dataDir = freshFolder();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const demoServer = await startServerProcess(dataDir, port);
    demoServer.kill('SIGKILL');
    await new Promise((r) => demoServer.once('exit', r));
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as DemoFile;

    const refused = await runServer(dataDir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(join(dataDir, 'demo.json'));
    expect(refused.stderr).toContain('npm run cli -- remove-demo');
    expect(refused.stderr).not.toMatch(/^\s+at /m);

    const removed = spawnSync(process.execPath, [join(repoRoot, 'server/dist/cli.js'), 'remove-demo'], {
      env: { ...process.env, JUNBAN_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(removed.status).toBe(0);
    expect(removed.stdout).toMatch(/4 accounts disabled, 2 devices revoked/);
    expect(existsSync(join(dataDir, 'demo.json'))).toBe(false);

    const real = spawn(process.execPath, [join(repoRoot, 'server/dist/main.js')], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JUNBAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    try {
      let up = false;
      for (let i = 0; i < 200 && !up; i++) {
        up = await fetch(`${url}/api/v1/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (!up) await new Promise((r) => setTimeout(r, 50));
      }
      expect(up).toBe(true);
      expect((await issue(url, demo.kioskToken)).status).toBe(401);
      const admin = demo.accounts.find((a) => a.role === 'admin')!;
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: admin.username, password: admin.password }),
      });
      expect(login.status).toBe(401);
    } finally {
      real.kill('SIGKILL');
    }
  }, 60_000);
});
