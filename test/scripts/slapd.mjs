// @ts-check
// A throwaway OpenLDAP server for the tests of staff sign-in with the city's directory: Debian's `slapd` with a
// generated configuration, its database loaded from an LDIF of users and groups, in a temporary folder, on a free
// port of 127.0.0.1; stopped and removed afterwards. No system-wide slapd is used (prerequisites.mjs installs the
// `slapd` package for its programs only).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres.mjs';

export const slapdBin = '/usr/sbin/slapd';
const slapadd = '/usr/sbin/slapadd';

/** @param {number} port */
const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * @typedef {object} Slapd
 * @property {string} url `ldap://127.0.0.1:port`
 * @property {string} suffix the directory's base DN
 * @property {string} adminDn the directory manager, who may read and change everything
 * @property {string} adminPassword
 * @property {() => Promise<void>} stop stops the server and removes its folder; safe to call twice
 */

/**
 * Starts slapd with `ldif` loaded (entries under `suffix`; the suffix entry itself is made here).
 * @param {{ ldif: string, suffix?: string, log?: (line: string) => void }} options
 * @returns {Promise<Slapd>}
 */
export async function startSlapd({ ldif, suffix = 'dc=junban,dc=test', log = () => {} }) {
  if (!existsSync(slapdBin)) throw new Error(`startSlapd: no ${slapdBin}. Install Debian's OpenLDAP server: apt-get install -y slapd ldap-utils`);
  const folder = mkdtempSync(join(tmpdir(), 'junban-slapd-'));
  const dataDir = join(folder, 'data');
  mkdirSync(dataDir);
  const adminDn = `cn=admin,${suffix}`;
  const adminPassword = randomBytes(12).toString('hex');
  const conf = join(folder, 'slapd.conf');
  writeFileSync(
    conf,
    `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile ${join(folder, 'slapd.pid')}
database mdb
maxsize 16777216
suffix "${suffix}"
rootdn "${adminDn}"
rootpw ${adminPassword}
directory ${dataDir}
# As a city's directory: a password can be used to bind and by nobody else; everything else is readable.
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
`,
    { mode: 0o600 },
  );
  const dc = /^dc=([^,]+)/.exec(suffix)?.[1] ?? 'junban';
  const ldifFile = join(folder, 'data.ldif');
  writeFileSync(ldifFile, `dn: ${suffix}\nobjectClass: dcObject\nobjectClass: organization\ndc: ${dc}\no: ${dc}\n\n${ldif}`);
  const added = spawnSync(slapadd, ['-f', conf, '-l', ldifFile], { encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`startSlapd: slapadd failed (${added.status ?? added.signal}):\n${added.stdout}${added.stderr}`);

  const port = await freePort();
  // -d 0: in the foreground, so it is this process's child and ends with it.
  const child = spawn(slapdBin, ['-f', conf, '-h', `ldap://127.0.0.1:${port}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopSync);
    child.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  };
  process.on('exit', stopSync);
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      stopSync();
      throw new Error(`startSlapd: slapd did not start (${child.exitCode ?? 'no answer in 15 s'}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  log(`slapd on ldap://127.0.0.1:${port} (${folder})`);
  return {
    url: `ldap://127.0.0.1:${port}`,
    suffix,
    adminDn,
    adminPassword,
    async stop() {
      if (stopped) return;
      const exited = child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      stopSync();
    },
  };
}

export const readLdif = (/** @type {string} */ file) => readFileSync(file, 'utf8');
