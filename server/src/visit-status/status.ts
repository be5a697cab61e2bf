import type { Step, Visit, VisitStatus } from '@junban/protocol';
import type { Office } from '../queue/office.js';

const atCounter = (s: Step) => s.state === 'called' || s.state === 'serving';
const inLine = (s: Step) => s.state === 'waiting' || s.state === 'held' || s.state === 'no_show';

/** The step that matters now: the one being served or called, else the one waiting in line, else none. */
const currentStep = (visit: Visit) => visit.steps.find(atCounter) ?? visit.steps.find(inLine);

/** What the resident's phone shows: the step that matters now, where it stands, and the counter when called. */
export function visitStatus(office: Office, visit: Visit): VisitStatus {
  const config = office.config;
  const now = office.now();
  const nameOf = (serviceId: string) => config.services.find((s) => s.id === serviceId)?.name ?? { ja: serviceId, en: serviceId };
  const current = currentStep(visit);
  const closed = visit.steps.some((s) => s.state === 'expired') ? 'expired' : visit.steps.some((s) => s.state === 'done') ? 'done' : 'cancelled';
  const counter = current?.counterId && atCounter(current) ? config.counters.find((c) => c.id === current.counterId) : undefined;
  const place = current?.state === 'waiting' ? office.state.placeOf({ visit, step: current }, now) : null;
  return {
    number: visit.number,
    office: config.settings.name,
    businessDate: visit.businessDate,
    at: now,
    state: current ? (current.state as VisitStatus['state']) : closed,
    service: current ? { id: current.serviceId, name: nameOf(current.serviceId) } : null,
    counter: counter ? { id: counter.id, name: counter.name } : null,
    calledAt: current && atCounter(current) ? (current.calledAt ?? null) : null,
    ...(current?.state === 'called' ? { calls: current.calls } : {}),
    peopleAhead: place?.peopleAhead ?? null,
    estimateSec: place?.estimateSec ?? null,
    steps: visit.steps.map((s) => ({ serviceId: s.serviceId, name: nameOf(s.serviceId), state: s.state })),
    ...(visit.language ? { language: visit.language } : {}),
    ...(visit.needs?.includes('hearing') ? { hearing: true as const } : {}),
    ...(visit.remote ? { remote: visit.remote } : {}),
    ...(current?.state === 'waiting' && current.preparation
      ? {
          pickup: {
            state: current.preparation,
            // Where the documents are collected: the counters that call the procedure.
            counters: config.counters.filter((c) => c.services.includes(current.serviceId)).map((c) => ({ id: c.id, name: c.name })),
          },
        }
      : {}),
  };
}
