import type { NewEvent } from '../event-log/event-log.js';
import type { Counter, CounterStatus, CounterView, CutOff, OfficeConfig, QueueEntry, QueueSummary, Step, Visit } from '@junban/protocol';
import { businessDateOf, instantOf } from './business-day.js';
import { cutOffOf } from './cut-off.js';
import { estimateWaitSec, robustServiceSec, ServiceTimes } from './estimate.js';
import { arrivalOrder, ServiceLine } from './line.js';
import { mayCall, servesANeed } from './needs.js';
import { awaitsCheckIn, callOrder, type Favour, type QueuedStep } from './ordering.js';

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

/** How many steps of visits that have just closed stay findable, for a counter that repeats its last action. */
export const RECENTLY_CLOSED_STEPS = 1000;

/**
 * The office's open visits in memory, indexed for calling. Only `apply` changes it, and only with a change
 * that storage has already committed.
 */
export class QueueState {
  /** Visits with a step still open (including no-shows that may be put back). */
  readonly visits = new Map<string, Visit>();
  private readonly stepOwner = new Map<string, string>();
  /** Each service's waiting line, and the held and no-show steps beside it that keep their place. */
  private readonly lines = new Map<string, ServiceLine>();
  private readonly aside = new Map<string, Map<string, QueuedStep>>();
  /** The entry each queued step was filed under, so it can be taken out again. */
  private readonly queued = new Map<string, QueuedStep>();
  private readonly atCounter = new Map<string, QueuedStep>();
  readonly counterStatus = new Map<string, CounterStatus>();
  private readonly sequences = new Map<string, number>();
  /**
   * Per counter: the business day of its last priority call and how many ordinary calls it made since, for the
   * 'alternate' priority rule. Rebuilt from the day's 'called' events on start.
   */
  private readonly sincePriority = new Map<string, { date: string; ordinary: number }>();
  readonly serviceTimes = new ServiceTimes();
  /** The visits that closed last, by the ids of their steps, oldest first (at most RECENTLY_CLOSED_STEPS). */
  private readonly closedSteps = new Map<string, Visit>();
  /** Numbers issued per business day and procedure, for the daily caps (rebuilt from the day's 'issued' events on start). */
  private readonly issuedCounts = new Map<string, number>();
  private day?: { date: string; from: number; until: number; midnight: number; config: OfficeConfig };

  constructor(public config: OfficeConfig) {}

  /** The business day of an instant, remembered until the next closing time (asked on every call and update). */
  businessDate(now: number): string {
    const d = this.day;
    if (d && d.config === this.config && now >= d.from && now < d.until) return d.date;
    const { settings } = this.config;
    const date = businessDateOf(now, settings);
    const until = instantOf(date, settings.hours.close, settings.timeZone);
    const previous = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const midnight = instantOf(date, '00:00', settings.timeZone);
    this.day = { date, from: instantOf(previous, settings.hours.close, settings.timeZone), until, midnight, config: this.config };
    return date;
  }

  /**
   * The oldest business day whose residents are still called at `now`. Numbering turns to the next day at closing,
   * but those already waiting are served after closing (issue 20): until local midnight the day that has just closed
   * is still served, and its day closes (the rest expire) once its last visit ends or at midnight at the latest.
   */
  servingFrom(now: number): string {
    const date = this.businessDate(now);
    const d = this.day!;
    if (now >= d.midnight || d.from >= d.midnight) return date;
    return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  }

  /** Numbers issued on a business day for a procedure (a first or later step). */
  issuedOn(businessDate: string, serviceId: string): number {
    return this.issuedCounts.get(`${businessDate}/${serviceId}`) ?? 0;
  }

  /** Why a procedure takes no new number now (its cut-off), or undefined when it does. */
  cutOff(serviceId: string, now: number): CutOff | undefined {
    const service = this.config.services.find((s) => s.id === serviceId);
    if (!service?.cutOff) return undefined;
    const businessDate = this.businessDate(now);
    const line = this.lines.get(serviceId);
    const estimateSec = estimateWaitSec(line?.count(this.servingFrom(now)) ?? 0, this.countersOpenFor(serviceId), this.serviceSec(serviceId));
    return cutOffOf(service, { now, businessDate, settings: this.config.settings, issuedToday: this.issuedOn(businessDate, serviceId), estimateSec });
  }

  apply(change: Change): void {
    for (const visit of change.visits) this.putVisit(visit);
    for (const e of change.events) {
      if (e.type === 'finished') this.serviceTimes.add(e.serviceId, e.data.serviceSec);
      if (e.type === 'called') this.noteCall(e.counterId, e.businessDate, e.data.priority);
      if (e.type === 'issued')
        for (const id of new Set(e.data.services)) this.issuedCounts.set(`${e.businessDate}/${id}`, this.issuedOn(e.businessDate, id) + 1);
    }
    if (change.sequence) this.setSequence(change.sequence.businessDate, change.sequence.prefix, change.sequence.last);
    if (change.counterStatus) this.counterStatus.set(change.counterStatus.counterId, change.counterStatus.status);
  }

  private noteCall(counterId: string, businessDate: string, priority: boolean): void {
    const last = this.sincePriority.get(counterId);
    if (priority) this.sincePriority.set(counterId, { date: businessDate, ordinary: 0 });
    else if (last?.date === businessDate) last.ordinary += 1;
  }

  /** What a counter's next call takes first, by its priority rule and the calls it made today. */
  favours(counter: Pick<Counter, 'id' | 'priorityRule'>, now: number): Favour {
    const rule = counter.priorityRule;
    if (rule.kind === 'priority_first') return 'priority';
    const last = this.sincePriority.get(counter.id);
    return last?.date === this.businessDate(now) && last.ordinary < rule.ordinaryPerPriority ? 'ordinary' : 'priority';
  }

  setSequence(businessDate: string, prefix: string, last: number): void {
    this.sequences.set(`${businessDate}/${prefix}`, last);
  }

  lastNumber(businessDate: string, prefix: string): number {
    return this.sequences.get(`${businessDate}/${prefix}`) ?? 0;
  }

  private line(serviceId: string): ServiceLine {
    let line = this.lines.get(serviceId);
    if (!line) this.lines.set(serviceId, (line = new ServiceLine()));
    return line;
  }

  private asideOf(serviceId: string): Map<string, QueuedStep> {
    let aside = this.aside.get(serviceId);
    if (!aside) this.aside.set(serviceId, (aside = new Map()));
    return aside;
  }

  putVisit(visit: Visit): void {
    const old = this.visits.get(visit.id);
    if (old) {
      for (const s of old.steps) {
        this.stepOwner.delete(s.id);
        const entry = this.queued.get(s.id);
        if (entry) {
          this.queued.delete(s.id);
          if (entry.step.state === 'waiting') this.line(s.serviceId).remove(entry);
          else this.aside.get(s.serviceId)?.delete(s.id);
        }
        if (s.counterId && this.atCounter.get(s.counterId)?.step.id === s.id) this.atCounter.delete(s.counterId);
      }
      this.visits.delete(visit.id);
    }
    if (!visit.steps.some(isOpenStep)) {
      if (old) this.rememberClosed(visit);
      return;
    }
    this.visits.set(visit.id, visit);
    for (const step of visit.steps) {
      this.stepOwner.set(step.id, visit.id);
      const entry = { visit, step };
      if (step.state === 'waiting') this.line(step.serviceId).add(entry);
      else if (step.state === 'held' || step.state === 'no_show') this.asideOf(step.serviceId).set(step.id, entry);
      else if ((step.state === 'called' || step.state === 'serving') && step.counterId) this.atCounter.set(step.counterId, entry);
      if (step.state === 'waiting' || step.state === 'held' || step.state === 'no_show') this.queued.set(step.id, entry);
    }
  }

  findStep(stepId: string): QueuedStep | undefined {
    const visit = this.visits.get(this.stepOwner.get(stepId) ?? '');
    const step = visit?.steps.find((s) => s.id === stepId);
    return visit && step ? { visit, step } : undefined;
  }

  /** A visit that has just closed; on start, the day's last closed visits from the store. */
  rememberClosed(visit: Visit): void {
    for (const s of visit.steps) this.closedSteps.set(s.id, visit);
    for (const stepId of this.closedSteps.keys()) {
      if (this.closedSteps.size <= RECENTLY_CLOSED_STEPS) break;
      this.closedSteps.delete(stepId);
    }
  }

  /** A step of a recently closed visit: what happened to it, for a counter that sends its action again. Read only. */
  findClosedStep(stepId: string): QueuedStep | undefined {
    const visit = this.closedSteps.get(stepId);
    const step = visit?.steps.find((s) => s.id === stepId);
    return visit && step ? { visit, step } : undefined;
  }

  /**
   * The visit a counter should call next from its services: residents with a need it serves first (./needs.ts), then
   * by its priority rule and in its order of preference. It passes over residents another open counter serves better.
   */
  nextFor(counter: Pick<Counter, 'id' | 'services' | 'priorityRule' | 'needs'>, now: number): QueuedStep | undefined {
    const today = this.servingFrom(now);
    const favour = this.favours(counter, now);
    const base = callOrder(now, (id) => counter.services.indexOf(id), favour);
    const order = (a: QueuedStep, b: QueuedStep) => Number(servesANeed(counter, b.visit.needs)) - Number(servesANeed(counter, a.visit.needs)) || base(a, b);
    let best: QueuedStep | undefined;
    for (const id of counter.services) {
      const line = this.lines.get(id);
      if (!line) continue;
      const open = this.config.counters.filter((c) => c.services.includes(id) && this.statusOf(c.id) === 'open');
      const may = (q: QueuedStep) => mayCall(counter, q.visit.needs, open);
      // A line's head may itself be a priority visit; when ordinary visits have their turn, offer the first of them too.
      const ordinary = favour === 'ordinary' ? line.firstOrdinary(today, now, may) : undefined;
      const offered = line.candidates(today, now, may);
      for (const q of ordinary ? [...offered, ordinary] : offered) if (!best || order(q, best) < 0) best = q;
    }
    return best;
  }

  /** A waiting visit by its number, in these services. */
  findWaiting(serviceIds: readonly string[], number: string, now: number): QueuedStep | undefined {
    const today = this.servingFrom(now);
    for (const id of serviceIds) {
      for (const q of this.lines.get(id)?.all(today) ?? []) if (q.visit.number === number) return q;
    }
    return undefined;
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
    const sid = candidate.step.serviceId;
    const ahead = this.lines.get(sid)?.ahead(candidate, this.servingFrom(now), now) ?? 0;
    return { peopleAhead: ahead, estimateSec: estimateWaitSec(ahead, this.countersOpenFor(sid), this.serviceSec(sid)) };
  }

  /** Every waiting step's place in a service's queue today (`placeOf`'s people ahead), by step id, at once. */
  placesIn(serviceId: string, now: number): ReadonlyMap<string, number> {
    return this.lines.get(serviceId)?.places(this.servingFrom(now), now) ?? new Map();
  }

  summary(serviceId: string, now: number, lastCalled: string | null): QueueSummary {
    const today = this.servingFrom(now);
    const line = this.lines.get(serviceId);
    const waiting = line?.count(today) ?? 0;
    const countersOpen = this.countersOpenFor(serviceId);
    const summary: QueueSummary = {
      serviceId,
      waiting,
      priorityWaiting: line?.priorityCount(today, now) ?? 0,
      oldestEnteredAt: line?.oldest(today)?.step.enteredAt ?? null,
      countersOpen,
      estimateSec: estimateWaitSec(waiting, countersOpen, this.serviceSec(serviceId)),
      lastCalled,
    };
    const cutOff = this.cutOff(serviceId, now);
    if (cutOff) summary.cutOff = cutOff;
    if (this.config.services.find((s) => s.id === serviceId)?.preparation) summary.ready = this.readyIn(serviceId, now);
    return summary;
  }

  /** A preparation procedure's numbers ready for pick-up, in arrival order (a short list: a linear look is fine). */
  readyIn(serviceId: string, now: number): string[] {
    const line = this.lines.get(serviceId);
    if (!line) return [];
    return [...line.all(this.servingFrom(now))].filter((q) => q.step.preparation === 'ready').map((q) => q.visit.number);
  }

  counterView(counterId: string): CounterView {
    const here = this.atCounter.get(counterId);
    const view: CounterView = { id: counterId, status: this.statusOf(counterId) };
    if (here) {
      view.current = {
        visitId: here.visit.id,
        stepId: here.step.id,
        number: here.visit.number,
        serviceId: here.step.serviceId,
        state: here.step.state as 'called' | 'serving',
        calledAt: here.step.calledAt!,
      };
    }
    return view;
  }

  /** A service's queue for staff in call order: waiting first, then held, then no-shows. */
  queueEntries(serviceId: string, now: number): QueueEntry[] {
    const today = this.servingFrom(now);
    const waiting = this.lines.get(serviceId)?.inCallOrder(today, now, STAFF_VIEW_PER_SERVICE) ?? [];
    const aside = [...(this.aside.get(serviceId)?.values() ?? [])]
      .filter((q) => q.visit.businessDate >= today)
      .sort((a, b) => Number(a.step.state === 'no_show') - Number(b.step.state === 'no_show') || arrivalOrder(a, b));
    return [...waiting, ...aside].slice(0, STAFF_VIEW_PER_SERVICE).map(({ visit, step }) => ({
      visitId: visit.id,
      stepId: step.id,
      number: visit.number,
      serviceId,
      state: step.state as QueueEntry['state'],
      enteredAt: step.enteredAt!,
      priority: step.priorityFrom !== undefined && step.priorityFrom <= now,
      assistance: visit.assistance,
      ...(visit.needs?.length ? { needs: visit.needs } : {}),
      reservation: visit.reservationId !== undefined,
      ...(awaitsCheckIn(visit) ? { awaitingCheckIn: true } : {}),
      ...(step.preparation ? { preparation: step.preparation } : {}),
    }));
  }
}
