/**
 * The city server's `/metrics`, per process (Prometheus scrapes each one): the offices' links and backlogs, as the
 * staff's floor shows them; the notices waiting to go out; the sockets this process holds; PostgreSQL's pool; and
 * Node's own figures. The offices' figures come from PostgreSQL, so every process tells the same city-wide story.
 */
import { LINK_NAMESPACE, STAFF_NAMESPACE } from '@junban/protocol';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Server } from 'socket.io';
import type { Db } from '../db/engine.js';
import type { Offices } from '../offices/offices.js';

export function cityMetrics(deps: { db: Db; offices: Offices; io: Server; role: string }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ role: deps.role });
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'junban_city_office_link_up',
    help: "1 while an enrolled office's link is connected, by office id (an alert: == 0 for 5 minutes in opening hours).",
    labelNames: ['office'],
    registers,
    async collect() {
      this.reset();
      for (const o of await deps.offices.list()) if (o.enrolledAt !== null && o.revokedAt === null) this.set({ office: o.id }, o.link === 'connected' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'junban_city_office_backlog_events',
    help: 'Log events an office has not yet sent the city, as its last batch said, by office id.',
    labelNames: ['office'],
    registers,
    async collect() {
      this.reset();
      for (const o of await deps.offices.list()) if (o.enrolledAt !== null && o.revokedAt === null) this.set({ office: o.id }, o.backlog);
    },
  });
  new Gauge({
    name: 'junban_city_notices',
    help: 'Notices to residents by state: pending (still to go out, retried ones included) and dead (given up, kept for the undelivered page).',
    labelNames: ['state'],
    registers,
    async collect() {
      this.reset();
      const rows = await deps.db.query<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM notices WHERE state IN ('pending', 'dead') GROUP BY state`,
      );
      for (const state of ['pending', 'dead']) this.set({ state }, rows.find((r) => r.state === state)?.n ?? 0);
    },
  });
  new Gauge({
    name: 'junban_city_sockets',
    help: "Sockets this process holds, by namespace: status (residents' pages), link (offices), staff.",
    labelNames: ['namespace'],
    registers,
    collect() {
      this.reset();
      this.set({ namespace: 'status' }, deps.io.of('/status').sockets.size);
      this.set({ namespace: 'link' }, deps.io.of(LINK_NAMESPACE).sockets.size);
      this.set({ namespace: 'staff' }, deps.io.of(STAFF_NAMESPACE).sockets.size);
    },
  });
  new Gauge({
    name: 'junban_city_db_pool_clients',
    help: "PostgreSQL connections of this process's pool, by state (absent on embedded PGlite).",
    labelNames: ['state'],
    registers,
    collect() {
      this.reset();
      const pool = deps.db.pool;
      if (!pool) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  return registry;
}
