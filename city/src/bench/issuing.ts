/**
 * Part 4 of the city bench: the office's issuing rate (POST /api/v1/visits from keep-alive kiosk clients, as the
 * office's own bench measures it) unlinked, linked to a city that keeps up, and linked while the link is saturated:
 * the office catching up weeks of log the city has not stored yet, batch after batch, during the whole run.
 */
import type { CityLinkView, OfficeConfig } from '@junban/protocol';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/engine.js';
import { benchPort } from './processes.js';
import { linkOffice } from './live-floor.js';
import { HttpClient, setDemoKiosks, signIn } from '@junban/server/bench/http-client';
import { runIssueLoad, type IssueLoadResult } from '@junban/server/bench/issue-load';
import { ServerProcess } from '@junban/server/bench/server-process';
import { demoOpenDates, officeLastSeq, officeLog } from '@junban/server/bench/history-days';

export type IssueMode = 'unlinked' | 'linked' | 'backlogged';

export interface IssuingResult {
  mode: IssueMode;
  issue: IssueLoadResult;
  /** Backlogged: the log the office had to send when the run started, what the link sent during it, and what was left. */
  backlog?: { atStart: number; sentDuringRun: number; leftAtEnd: number; runMs: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Until the demo office has written its history, in the background after starting, a day at a time: up to its last
 * business day before today (in Japan, the demo's time zone).
 */
async function historyWritten(dataDir: string): Promise<number> {
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const lastDay = demoOpenDates(new Date(Date.parse(today) - 14 * 86_400_000).toISOString().slice(0, 10), today)
    .filter((d) => d < today)
    .at(-1)!;
  const deadline = performance.now() + 5 * 60_000;
  for (;;) {
    const log = officeLog(dataDir);
    if (log.lastDate !== null && log.lastDate >= lastDay) return log.lastSeq;
    if (performance.now() > deadline) throw new Error(`the office did not write its demo history up to ${lastDay} within 5 minutes`);
    await sleep(250);
  }
}

let runs = 0;

export async function runIssuing(opts: {
  mode: IssueMode;
  db: Db;
  cityUrl: string;
  tmp: string;
  visits: number;
  warmUp: number;
  clients: number;
  /** Backlogged: days of demo history the office starts with (about 1,000 visits a day). */
  historyDays: number;
  step: (line: string) => void;
}): Promise<IssuingResult> {
  const dataDir = mkdtempSync(join(opts.tmp, `office-${opts.mode}-`));
  const historyDays = opts.mode === 'backlogged' ? opts.historyDays : 0;
  const office = await ServerProcess.start([], {
    port: await benchPort(),
    dataDir,
    env: () => ({ JUNBAN_DEMO_HISTORY_DAYS: String(historyDays) }),
  });
  const client = new HttpClient(office.origin, { connections: opts.clients });
  try {
    const demo = office.demoInfo();
    const admin = demo.accounts.find((a) => a.role === 'admin')!;
    const adminHeaders = await signIn(client, admin.username, admin.password);
    const kiosk = { authorization: `Bearer ${demo.kioskToken}` };
    const config = await client.json<OfficeConfig>('GET', '/api/v1/config', { headers: kiosk });
    const services = config.services.filter((s) => s.active).map((s) => s.id);
    await setDemoKiosks(client, demo, { printerId: null, ticketsPerMinute: 0 });
    let atStart = 0;
    if (historyDays) {
      opts.step(`waiting for the office to write ${historyDays} days of demo history`);
      atStart = await historyWritten(dataDir);
    }
    if (opts.mode !== 'unlinked') {
      // An office id of its own each run: the city would otherwise resume after what it stored of the last run's log.
      await linkOffice(office, client, opts.db, opts.cityUrl, `issuing-${opts.mode}-${++runs}`);
      // A city that keeps up: let the link send the (short) log there is before issuing.
      if (opts.mode === 'linked') await sleep(1_000);
    }
    const view = () => client.json<CityLinkView>('GET', '/api/v1/city-link', { headers: adminHeaders });
    const before = opts.mode === 'backlogged' ? await view() : undefined;
    const started = performance.now();
    const issue = await runIssueLoad(
      { client, kioskToken: demo.kioskToken, services, visits: opts.visits, concurrency: opts.clients, server: office },
      opts.warmUp,
    );
    const runMs = performance.now() - started;
    office.assertAlive();
    const result: IssuingResult = { mode: opts.mode, issue };
    if (before) {
      const after = await view();
      result.backlog = {
        atStart: atStart - before.ackedSeq,
        sentDuringRun: after.ackedSeq - before.ackedSeq,
        leftAtEnd: officeLastSeq(dataDir) - after.ackedSeq,
        runMs,
      };
    }
    return result;
  } finally {
    client.close();
    await office.stop();
  }
}
