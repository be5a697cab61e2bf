import type { CounterStatus, CounterView, LogEvent, OfficeConfig, QueueEntry, QueueSummary, Step, Visit } from '../protocol/index.js';
import { businessDateOf } from './business-day.js';
import { estimateWaitSec, robustServiceSec, ServiceTimes } from './estimate.js';
import { callOrder, isPriority, type QueuedStep } from './ordering.js';

export type NewEvent = Omit<LogEvent, 'seq'>;

/** What one command changes: new versions of the visits it touched, the events it logs, and small bits of state. */
export interface Change {
  visits: Visit[];
  events: NewEvent[];
  sequence?: { businessDate: string; prefix: string; last: number };
  counterStatus?: { counterId: string; status: CounterStatus };
}

const OPEN_STATES: ReadonlySet<Step['state']> = new Set(['pending', 'waiting', 'called', 'serving', 'held', 'no_show']);
export const isOpenStep = (s: Step) => OPEN_STATES.has(s.state);
/** The step the visit is on: the first that is not over. */
export const currentStep = (v: Visit): Step | undefined => v.steps.find(isOpenStep);

/** How many queue entries per service the live staff view carries; counts are always complete. */
export const STAFF_VIEW_PER_SERVICE = 50;

/**
 * The office's open visits in memory, indexed for calling. Only `apply` changes it, and only with a change
 * that storage has already committed.
 */
export class QueueState {
  /** Visits with a step still open (including no-shows that may be put back). */
  readonly visits = new Map<string, Visit>();
  private readonly stepOwner = new Map<string, string>();
  /** serviceId → stepId → queued step, for waiting, held and no_show steps. */
  private readonly queues = new Map<string, Map<string, QueuedStep>>();
  private readonly atCounter = new Map<string, QueuedStep>();
  readonly counterStatus = new Map<string, CounterStatus>();
  private readonly sequences = new Map<string, number>();
  readonly serviceTimes = new ServiceTimes();

  constructor(public config: OfficeConfig) {}

  businessDate(now: number): string {
    return businessDateOf(now, this.config.settings);
  }

  apply(change: Change): void {
    for (const visit of change.visits) this.putVisit(visit);
    for (const e of change.events) {
      if (e.type === 'finished' && e.serviceId && typeof e.data?.serviceSec === 'number') this.serviceTimes.add(e.serviceId, e.data.serviceSec);
    }
    if (change.sequence) this.setSequence(change.sequence.businessDate, change.sequence.prefix, change.sequence.last);
    if (change.counterStatus) this.counterStatus.set(change.counterStatus.counterId, change.counterStatus.status);
  }

  setSequence(businessDate: string, prefix: string, last: number): void {
    this.sequences.set(`${businessDate}/${prefix}`, last);
  }

  lastNumber(businessDate: string, prefix: string): number {
    return this.sequences.get(`${businessDate}/${prefix}`) ?? 0;
  }

  putVisit(visit: Visit): void {
    const old = this.visits.get(visit.id);
    if (old) {
      for (const s of old.steps) {
        this.stepOwner.delete(s.id);
        this.queues.get(s.serviceId)?.delete(s.id);
        if (s.counterId && this.atCounter.get(s.counterId)?.step.id === s.id) this.atCounter.delete(s.counterId);
      }
      this.visits.delete(visit.id);
    }
    if (!visit.steps.some(isOpenStep)) return;
    this.visits.set(visit.id, visit);
    for (const step of visit.steps) {
      this.stepOwner.set(step.id, visit.id);
      if (step.state === 'waiting' || step.state === 'held' || step.state === 'no_show') {
        let q = this.queues.get(step.serviceId);
        if (!q) this.queues.set(step.serviceId, (q = new Map()));
        q.set(step.id, { visit, step });
      } else if ((step.state === 'called' || step.state === 'serving') && step.counterId) {
        this.atCounter.set(step.counterId, { visit, step });
      }
    }
  }

  findStep(stepId: string): QueuedStep | undefined {
    const visit = this.visits.get(this.stepOwner.get(stepId) ?? '');
    const step = visit?.steps.find((s) => s.id === stepId);
    return visit && step ? { visit, step } : undefined;
  }

  /** Steps callable today in these services (waiting only), unsorted. */
  callable(serviceIds: readonly string[], businessDate: string): QueuedStep[] {
    const out: QueuedStep[] = [];
    for (const id of serviceIds) {
      for (const q of this.queues.get(id)?.values() ?? []) {
        if (q.step.state === 'waiting' && q.visit.businessDate === businessDate) out.push(q);
      }
    }
    return out;
  }

  /** The visit a counter has called or is serving. */
  at(counterId: string): QueuedStep | undefined {
    return this.atCounter.get(counterId);
  }

  statusOf(counterId: string): CounterStatus {
    return this.counterStatus.get(counterId) ?? 'open';
  }

  countersOpenFor(serviceId: string): number {
    return this.config.counters.filter((c) => c.services.includes(serviceId) && this.statusOf(c.id) === 'open').length;
  }

  serviceSec(serviceId: string): number {
    return robustServiceSec(this.serviceTimes.of(serviceId), this.config.settings.defaultServiceMinutes * 60);
  }

  /** Where a step would stand in its queue now, and how long it would likely wait. */
  placeOf(candidate: QueuedStep, now: number): { peopleAhead: number; estimateSec: number | null } {
    const order = callOrder(now);
    const ahead = this.callable([candidate.step.serviceId], candidate.visit.businessDate).filter(
      (q) => q.step.id !== candidate.step.id && order(q, candidate) < 0,
    ).length;
    const sid = candidate.step.serviceId;
    return { peopleAhead: ahead, estimateSec: estimateWaitSec(ahead, this.countersOpenFor(sid), this.serviceSec(sid)) };
  }

  summary(serviceId: string, now: number, lastCalled: string | null): QueueSummary {
    const today = this.businessDate(now);
    const waiting = this.callable([serviceId], today);
    const oldest = waiting.reduce((min, q) => Math.min(min, q.step.enteredAt!), Infinity);
    const countersOpen = this.countersOpenFor(serviceId);
    return {
      serviceId,
      waiting: waiting.length,
      priorityWaiting: waiting.filter((q) => isPriority(q.step, now)).length,
      oldestEnteredAt: waiting.length ? oldest : null,
      countersOpen,
      estimateSec: estimateWaitSec(waiting.length, countersOpen, this.serviceSec(serviceId)),
      lastCalled,
    };
  }

  counterView(counterId: string): CounterView {
    const here = this.atCounter.get(counterId);
    const view: CounterView = { id: counterId, status: this.statusOf(counterId) };
    if (here) {
      view.current = {
        visitId: here.visit.id, stepId: here.step.id, number: here.visit.number, serviceId: here.step.serviceId,
        state: here.step.state as 'called' | 'serving', calledAt: here.step.calledAt!,
      };
    }
    return view;
  }

  /** A service's queue for staff in call order: waiting first, then held, then no-shows. */
  queueEntries(serviceId: string, now: number): QueueEntry[] {
    const today = this.businessDate(now);
    const rank = { waiting: 0, held: 1, no_show: 2 } as const;
    const order = callOrder(now);
    return [...(this.queues.get(serviceId)?.values() ?? [])]
      .filter((q) => q.visit.businessDate === today)
      .sort((a, b) => rank[a.step.state as keyof typeof rank] - rank[b.step.state as keyof typeof rank] || order(a, b))
      .slice(0, STAFF_VIEW_PER_SERVICE)
      .map(({ visit, step }) => ({
        visitId: visit.id, stepId: step.id, number: visit.number, serviceId, state: step.state as QueueEntry['state'],
        enteredAt: step.enteredAt!, priority: isPriority(step, now), assistance: visit.assistance, reservation: visit.reservationId !== undefined,
      }));
  }
}
