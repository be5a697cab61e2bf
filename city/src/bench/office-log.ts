/**
 * Offices' logs for the city bench: realistic days from the office's own history generator (the demo office's
 * simulation, server/src/insights/demo-history.ts), generated once as a handful of template days and laid onto each
 * office's business days (times shifted to the date, ids renamed, seqs numbered per office), so years of twenty
 * offices cost no simulation. And an office played over the real `/link` namespace: hello, then batches as the
 * office sends them (up to 1000, one in flight, each waiting for its acknowledgement).
 */
import type { LinkClientToServerEvents, LinkServerToClientEvents, LogEvent } from '@junban/protocol';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

export type OfficeSocket = Socket<LinkServerToClientEvents, LinkClientToServerEvents>;

/** The office's batch size and how long it waits for an answer (server/src/city-link/link.ts, DEFAULT_TIMING). */
export const BATCH = 1000;
export const ACK_TIMEOUT_MS = 30_000;

export interface TemplateDay {
  date: string;
  events: LogEvent[];
}

/** One office-day made from a template day: `date`'s times and ids, seqs from `firstSeq`. */
export function layDay(template: TemplateDay, date: string, firstSeq: number): LogEvent[] {
  const shift = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${template.date}T00:00:00Z`);
  const rename = (id: string | undefined) => (id === undefined ? undefined : id.startsWith(template.date) ? date + id.slice(template.date.length) : id);
  return template.events.map((e, i) => {
    const x = e as LogEvent & { visitId?: string; stepId?: string };
    const out = { ...e, seq: firstSeq + i, businessDate: date, at: e.at + shift } as LogEvent & { visitId?: string; stepId?: string };
    if (x.visitId !== undefined) out.visitId = rename(x.visitId)!;
    if (x.stepId !== undefined) out.stepId = rename(x.stepId)!;
    return out;
  });
}

/**
 * The template an office lays on `date`: one of the same month (the season shows in the history: April's moves,
 * August's quiet), different offices taking different ones on the same day.
 */
export function templateFor(templates: readonly TemplateDay[], officeIndex: number, dayIndex: number, date: string): TemplateDay {
  const month = date.slice(5, 7);
  const same = templates.filter((t) => t.date.slice(5, 7) === month);
  const pool = same.length ? same : templates;
  return pool[(officeIndex + dayIndex) % pool.length]!;
}

/** An office's whole log over `dates`, in batches of up to `BATCH`, laid from the templates. */
export function* officeBatches(templates: readonly TemplateDay[], officeIndex: number, dates: readonly string[]): Generator<LogEvent[]> {
  let seq = 1;
  let pending: LogEvent[] = [];
  for (const [d, date] of dates.entries()) {
    const day = layDay(templateFor(templates, officeIndex, d, date), date, seq);
    seq += day.length;
    pending = pending.length ? pending.concat(day) : day;
    while (pending.length >= BATCH) {
      yield pending.slice(0, BATCH);
      pending = pending.slice(BATCH);
    }
  }
  if (pending.length) yield pending;
}

/** How many events `offices` offices' logs over `dates` hold, as officeBatches lays them. */
export function countEvents(templates: readonly TemplateDay[], offices: number, dates: readonly string[]): number {
  let n = 0;
  for (let o = 0; o < offices; o++) for (const [d, date] of dates.entries()) n += templateFor(templates, o, d, date).events.length;
  return n;
}

/** Connect to the city's `/link` as an office with its credential, and greet it. */
export async function linkAsOffice(cityUrl: string, token: string): Promise<OfficeSocket> {
  const socket: OfficeSocket = io(`${cityUrl}/link`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const welcome = await socket
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('hello', { softwareVersion: 'bench', catalogueVersion: null, lastSeq: 0 })
    .catch((err: unknown) => {
      throw new Error(`hello was not answered: ${String(err)}`);
    });
  if ('ok' in welcome) throw new Error(`the city refused hello: ${JSON.stringify(welcome)}`);
  return socket;
}

export interface SendResult {
  events: number;
  batches: number;
  ms: number;
  /** Each batch: sent → acknowledged, in ms. */
  ackMs: number[];
}

/** Send batches one at a time, each once the previous one's ack said it is stored. */
export async function sendBatches(socket: OfficeSocket, batches: Iterable<LogEvent[]>, backlog = 0): Promise<SendResult> {
  const result: SendResult = { events: 0, batches: 0, ms: 0, ackMs: [] };
  const started = performance.now();
  for (const events of batches) {
    const t0 = performance.now();
    const ack = await socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('events', { events, backlog })
      .catch((err: unknown) => {
        throw new Error(`the batch of seq ${events[0]!.seq}…${events[events.length - 1]!.seq} was not acknowledged: ${String(err)}`);
      });
    result.ackMs.push(performance.now() - t0);
    const last = events[events.length - 1]!.seq;
    if ('ok' in ack || ack.storedSeq !== last) throw new Error(`batch up to seq ${last} was not stored: ${JSON.stringify(ack)}`);
    result.events += events.length;
    result.batches += 1;
  }
  result.ms = performance.now() - started;
  return result;
}
