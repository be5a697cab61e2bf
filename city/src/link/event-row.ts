/** The office's event as a row of the city's `events` table and back: the office's columns, `data` as JSON. */
import type { LogEvent } from '@junban/protocol';

export interface EventRow {
  seq: number;
  at: number;
  business_date: string;
  type: string;
  visit_id: string | null;
  number: string | null;
  step_id: string | null;
  service_id: string | null;
  counter_id: string | null;
  actor: string;
  data: unknown;
}

export function toRow(e: LogEvent): EventRow {
  const x = e as LogEvent & { visitId?: string; number?: string; stepId?: string; serviceId?: string; data?: unknown };
  return {
    seq: e.seq,
    at: e.at,
    business_date: e.businessDate,
    type: e.type,
    visit_id: x.visitId ?? null,
    number: x.number ?? null,
    step_id: x.stepId ?? null,
    service_id: x.serviceId ?? null,
    counter_id: e.counterId ?? null,
    actor: e.actor,
    data: x.data ?? null,
  };
}

/** A stored row as the office's event (the columns the office's log has, none that is null). */
export function toEvent(r: EventRow): LogEvent {
  const e: Record<string, unknown> = { seq: Number(r.seq), at: Number(r.at), businessDate: r.business_date, type: r.type, actor: r.actor };
  if (r.visit_id) e.visitId = r.visit_id;
  if (r.number) e.number = r.number;
  if (r.step_id) e.stepId = r.step_id;
  if (r.service_id) e.serviceId = r.service_id;
  if (r.counter_id) e.counterId = r.counter_id;
  if (r.data !== null && r.data !== undefined) e.data = r.data;
  return e as unknown as LogEvent;
}
