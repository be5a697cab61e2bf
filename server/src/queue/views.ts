import type { Call, Congestion, PublicView, QueueSummary, StaffQueueSummary, StaffView } from '@junban/protocol';
import { openingAt } from '../calendar/calendar.js';
import type { QueueState } from './state.js';

/** The view parts of one queue; staff also get its entries. */
export function queueView(state: QueueState, serviceId: string, now: number, calls: readonly Call[], staff: boolean): QueueSummary | StaffQueueSummary {
  const lastCalled = calls.find((c) => c.serviceId === serviceId)?.number ?? null;
  const summary = state.summary(serviceId, now, lastCalled);
  return staff ? { ...summary, entries: state.queueEntries(serviceId, now) } : summary;
}

/** The office's part of the views; printers and kiosks are added by the modules that own them. */
export type QueueViewOf<V extends PublicView> = Omit<V, 'printers' | 'limitedKiosks'>;

/** Whether the office is open now, for the public screens (see OpeningNow). */
export const openingNow = (state: QueueState, now: number) => openingAt(now, state.config.settings);

export function publicView(state: QueueState, version: number, now: number, calls: readonly Call[]): QueueViewOf<PublicView> {
  return {
    version,
    businessDate: state.businessDate(now),
    at: now,
    config: state.config,
    counters: state.config.counters.map((c) => state.counterView(c.id)),
    queues: state.config.services.map((s) => queueView(state, s.id, now, calls, false)),
    recentCalls: [...calls],
    opening: openingNow(state, now),
  };
}

export function staffView(state: QueueState, version: number, now: number, calls: readonly Call[]): QueueViewOf<StaffView> {
  return {
    ...publicView(state, version, now, calls),
    queues: state.config.services.map((s) => queueView(state, s.id, now, calls, true) as StaffQueueSummary),
  };
}

/** The public congestion page: open procedures and any that still have people waiting. */
export function congestion(state: QueueState, now: number, calls: readonly Call[]): Congestion {
  return {
    at: now,
    businessDate: state.businessDate(now),
    office: state.config.settings.name,
    opening: openingNow(state, now),
    services: state.config.services.flatMap((s) => {
      const q = state.summary(s.id, now, calls.find((c) => c.serviceId === s.id)?.number ?? null);
      return s.active || q.waiting > 0 ? [{ serviceId: s.id, name: s.name, nowServing: q.lastCalled, waiting: q.waiting, estimateSec: q.estimateSec }] : [];
    }),
  };
}
