// @ts-check
// A throwaway PostgreSQL server for the tests: a fresh cluster in a temporary folder, on a free port of 127.0.0.1,
// stopped and removed afterwards. No system-wide service is used or needed: Debian's `postgresql` package only
// provides the programs (prerequisites.mjs installs it when missing).
//
// initdb refuses to run as root, so when we are root the cluster belongs to the `postgres` user (made by Debian's
// package) and its programs run as that user. The server listens on 127.0.0.1 only and asks for a random password
// over TCP; its Unix socket (no password) sits in the temporary folder, which only its owner may open. fsync is off: a test cluster
// never has to survive a power cut.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const postgresRoot = '/usr/lib/postgresql';

/** The bin folder of the newest PostgreSQL installed by Debian's packages, or undefined when there is none. */
export function postgresBinDir() {
  if (!existsSync(postgresRoot)) return undefined;
  const [newest] = readdirSync(postgresRoot)
    .filter((version) => existsSync(join(postgresRoot, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return newest === undefined ? undefined : join(postgresRoot, newest, 'bin');
}

/** @returns {Promise<number>} a port of 127.0.0.1 that was free a moment ago */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The uid and gid of the `postgres` user, from /etc/passwd. */
function postgresUser() {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('startPostgres: running as root, but there is no `postgres` user to own the cluster (Debian’s postgresql package makes it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * @typedef {object} Postgres
 * @property {string} url `postgres://user:password@127.0.0.1:port/database`
 * @property {() => Promise<void>} stop stops the server (fast shutdown) and removes its folder; safe to call twice
 */

/**
 * Starts a throwaway PostgreSQL server with one empty database. Also stopped when this process exits, or on
 * SIGINT/SIGTERM; a SIGKILLed process leaves it running (its folder is named `junban-pg-*` in the temp folder).
 * @param {{ database?: string, port?: number, log?: (line: string) => void }} [options] `port`: a fixed port
 *   instead of a free one
 * @returns {Promise<Postgres>}
 */
export async function startPostgres({ database = 'junban_test', port: fixedPort, log = () => {} } = {}) {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error(`startPostgres: no ${postgresRoot}/*/bin/initdb. Install Debian's PostgreSQL: apt-get install -y --no-install-recommends postgresql`);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;

  const folder = mkdtempSync(join(tmpdir(), 'junban-pg-'));
  const dataDir = join(folder, 'data');
  const socketDir = join(folder, 'socket');
  mkdirSync(socketDir, { mode: 0o700 });
  const password = randomBytes(18).toString('hex');
  const passwordFile = join(folder, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (owner) for (const path of [folder, socketDir, passwordFile]) chownSync(path, owner.uid, owner.gid);

  /** Runs one of PostgreSQL's programs as the cluster's owner; throws with its output when it fails. */
  const run = (/** @type {string} */ program, /** @type {string[]} */ args) => {
    const result = spawnSync(join(bin, program), args, {
      cwd: folder,
      encoding: 'utf8',
      env: { ...process.env, HOME: folder, LC_ALL: 'C', PGPASSWORD: password },
      ...(owner ?? {}),
    });
    if (result.status !== 0) {
      throw new Error(
        `startPostgres: ${program} ${args.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message}):\n${result.stdout}${result.stderr}`,
      );
    }
    return result.stdout;
  };

  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopSync);
    for (const signal of signals) process.off(signal, onSignal);
    if (existsSync(join(dataDir, 'postmaster.pid'))) {
      try {
        run('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30']);
      } catch (error) {
        log(String(error));
      }
    }
    rmSync(folder, { recursive: true, force: true });
  };
  const signals = /** @type {const} */ (['SIGINT', 'SIGTERM']);
  /** @param {NodeJS.Signals} signal */
  const onSignal = (signal) => {
    stopSync();
    // Nobody else handles it: die of it as we would have without our handler.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.on('exit', stopSync);
  for (const signal of signals) process.on(signal, onSignal);

  try {
    run('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--pwfile',
      passwordFile,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    // A port can be taken between our look and the server's bind: try another.
    for (let attempt = 1; ; attempt += 1) {
      const port = fixedPort ?? (await freePort());
      const options = [
        `-p ${port}`,
        `-k '${socketDir}'`,
        "-c listen_addresses='127.0.0.1'",
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
      ];
      try {
        run('pg_ctl', ['start', '-D', dataDir, '-l', join(folder, 'server.log'), '-w', '-t', '60', '-o', options.join(' ')]);
      } catch (error) {
        if (fixedPort || attempt >= 3) throw error;
        log(`startPostgres: port ${port} did not work, trying another`);
        continue;
      }
      run('createdb', ['-h', socketDir, '-p', String(port), '-U', 'postgres', database]);
      const url = `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
      log(`startPostgres: ${url.replace(password, '***')} (folder ${folder})`);
      return { url, stop: async () => stopSync() };
    }
  } catch (error) {
    const serverLog = join(folder, 'server.log');
    const tail = existsSync(serverLog) ? `\nserver log:\n${readFileSync(serverLog, 'utf8').split('\n').slice(-20).join('\n')}` : '';
    stopSync();
    throw new Error(`${error instanceof Error ? error.message : String(error)}${tail}`, { cause: error });
  }
}

// `node test/scripts/postgres.mjs`: start one, print its URL and keep it until Ctrl-C (for trying the city by hand).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const postgres = await startPostgres({ log: console.log });
  console.log(postgres.url);
  console.log('Ctrl-C stops it and removes its folder.');
  setInterval(() => {}, 1 << 30);
}
