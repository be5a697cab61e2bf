/**
 * What the machine itself could do while the bench ran. Throughput with durable commits depends on the disk's
 * flush latency and on noisy neighbours as much as on the server's code; these figures tell the two apart
 * when two runs disagree.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { distribution, type Distribution } from './stats.js';

/**
 * One-row transactions with the server's durability settings, in the same temp folder the server's database
 * lives in: the floor under every commit, and so the ceiling for one writer that commits each request alone.
 */
export function probeDurableCommits(commits = 500): Distribution {
  const dir = mkdtempSync(join(tmpdir(), 'junban-disk-'));
  try {
    const db = new Database(join(dir, 'probe.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT NOT NULL)');
      const insert = db.prepare('INSERT INTO t (data) VALUES (?)');
      const commit = db.transaction((data: string) => insert.run(data));
      // About the size of one issued visit and its event.
      const row = 'x'.repeat(700);
      const times: number[] = [];
      for (let i = 0; i < commits; i++) {
        const t0 = performance.now();
        commit(row);
        times.push(performance.now() - t0);
      }
      return distribution(times);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CpuShares {
  busy: number;
  iowait: number;
  steal: number;
}

/** Machine-wide CPU counters from /proc/stat (all cores together). */
export function machineCpu(): number[] {
  const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  return first.trim().split(/\s+/).slice(1).map(Number);
}

/** Shares of all cores' time between two samples: user..softirq busy, waiting on the disk, taken by the host. */
export function cpuShares(before: number[], after: number[]): CpuShares {
  const d = after.map((x, i) => x - (before[i] ?? 0));
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = d;
  const total = user + nice + system + idle + iowait + irq + softirq + steal || 1;
  return { busy: (user + nice + system + irq + softirq) / total, iowait: iowait / total, steal: steal / total };
}
