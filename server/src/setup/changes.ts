/**
 * The change history: every successful call that changes the office's setup or its accounts and devices, with who
 * made it, when and what. It is recorded by wrapping the handlers (`recordingChanges`), driven by each endpoint's
 * permission in the API table, so a new setup endpoint is recorded without anyone remembering to.
 */
import type { Handlers } from '../web/calls.js';
import { api, type ConfigChange, type EndpointName, type Permission } from '@junban/protocol';
import type { Db } from '../storage/database.js';

/** The permissions of the endpoints that change the setup. Their GET endpoints only read, and are not recorded. */
const RECORDED: ReadonlySet<Permission | 'none'> = new Set(['config:write', 'access:write']);

/** Input fields that are secrets: kept out of the history whatever endpoint carries them. */
const SECRET_KEYS: ReadonlySet<string> = new Set(['password', 'token', 'code', 'pairingId']);

export function isRecorded(name: EndpointName): boolean {
  return RECORDED.has(api[name].permission) && api[name].method !== 'GET';
}

interface ChangeRow {
  seq: number;
  at: number;
  actor: string;
  actor_name: string | null;
  endpoint: string;
  target: string | null;
  summary: string;
}

export class ChangeLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  record(change: { actor: string; endpoint: string; target: string | null; summary: unknown }): void {
    this.db
      .prepare('INSERT INTO config_changes (at, actor, endpoint, target, summary) VALUES (?, ?, ?, ?, ?)')
      .run(this.now(), change.actor, change.endpoint, change.target, JSON.stringify(withoutSecrets(change.summary) ?? null));
  }

  /** Newest first; `beforeSeq` pages back. The actor's name is today's name of the account or device. */
  list(limit: number, beforeSeq?: number): ConfigChange[] {
    const rows = this.db
      .prepare(
        `SELECT c.*, COALESCE(s.display_name, d.name) AS actor_name FROM config_changes c
         LEFT JOIN staff s ON c.actor = 'staff:' || s.id
         LEFT JOIN devices d ON c.actor = 'device:' || d.id
         WHERE c.seq < ? ORDER BY c.seq DESC LIMIT ?`,
      )
      .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as ChangeRow[];
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      actorName: r.actor_name,
      endpoint: r.endpoint,
      target: r.target,
      summary: JSON.parse(r.summary) as unknown,
    }));
  }
}

/** A copy with every secret field replaced by a mark, so the history says a password was set but never which. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '(hidden)' : withoutSecrets(v)]));
}

const idOf = (x: unknown): string | null => (typeof x === 'object' && x !== null && 'id' in x && typeof x.id === 'string' ? x.id : null);

/** What a change was about: the id in its path (a procedure, a device …), else the id of what it created. */
function targetOf(name: EndpointName, input: Record<string, unknown>, output: unknown): string | null {
  const key = /:(\w+)/.exec(api[name].path)?.[1];
  const fromPath = key ? input[key] : undefined;
  if (typeof fromPath === 'string') return fromPath;
  return idOf(input) ?? idOf(output) ?? idOf((output as { device?: unknown } | null)?.device);
}

/**
 * What is kept of a call: its input without the target id and without secrets. An import keeps the preview of what
 * it changed rather than the whole file; an import preview changes nothing and is not recorded.
 */
function summaryOf(name: EndpointName, input: Record<string, unknown>, output: unknown): unknown | undefined {
  if (name === 'importConfig') return input.apply ? output : undefined;
  const key = /:(\w+)/.exec(api[name].path)?.[1];
  const { [key ?? '']: _target, ...rest } = input;
  return rest;
}

/** The handlers, with each successful setup change written to the history after it took effect. */
export function recordingChanges(handlers: Handlers, log: ChangeLog): Handlers {
  const wrapped = { ...handlers } as Record<EndpointName, (input: never, ctx: Parameters<Handlers['health']>[1]) => unknown>;
  for (const name of Object.keys(api) as EndpointName[]) {
    if (!isRecorded(name)) continue;
    const handler = handlers[name] as (input: Record<string, unknown>, ctx: Parameters<Handlers['health']>[1]) => unknown;
    wrapped[name] = async (input: Record<string, unknown>, ctx) => {
      const output = await handler(input, ctx);
      const summary = summaryOf(name, input, output);
      if (summary !== undefined) log.record({ actor: ctx.actor, endpoint: name, target: targetOf(name, input, output), summary });
      return output;
    };
  }
  return wrapped as unknown as Handlers;
}
