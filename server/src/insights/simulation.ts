/**
 * Discrete-event simulation of one office day: residents arrive, queue for each procedure of their visit in turn,
 * and counters call them in the same order as the real queue (queue/ordering.ts). It answers what Erlang C
 * cannot: counters serving several procedures, opening hours that change through the day, visits of several
 * steps, and replaying a real day against another staffing plan. Times are seconds since the start of the day.
 */
import { randomExponential, randomLcg } from 'd3-random';
import { estimateWaitSec, robustServiceSec, ServiceTimes } from '../queue/estimate.js';

const SECONDS_PER_HOUR = 3600;
/** From a call to the resident at the counter, where nothing better is known. */
export const DEFAULT_WALK_SEC = 30;

export interface SimStep {
  serviceId: string;
  serviceSec: number;
  /** The resident does not come when called; the visit ends there, as no-shows do in the real queue. */
  noShow?: boolean;
}

/** Steps are done in order; each joins its queue when the previous one ends. */
export interface SimVisit {
  id: string;
  arrival: number;
  steps: SimStep[];
  priority?: boolean;
}

/** `services` in the counter's order of preference. */
export interface SimCounter {
  id: string;
  services: string[];
}

/** A counter calls only from `from` (included) until `to` (excluded); a visit it already has, it finishes. */
export interface OpenPeriod {
  counterId: string;
  from: number;
  to: number;
}

export interface SimOptions {
  /** The resident's walk from the call to the counter, which is occupied meanwhile. Default 30. */
  walkSec?: number;
  /** How long a counter waits for a no-show (one recall in between) before giving up. Default 120. */
  noShowWaitSec?: number;
  /** When steps still waiting at the end of the day are sent home ('expired'). Default: when the last period ends. */
  closeAt?: number;
  /** Also give each step, as it joins its queue, the estimate junban would show the resident. */
  estimate?: boolean;
  /** The service time estimates assume before a service has any finished step. Default 300. */
  defaultServiceSec?: number;
}

export interface SimStepResult {
  visitId: string;
  stepIndex: number;
  serviceId: string;
  enteredAt: number;
  calledAt: number | null;
  counterId: string | null;
  startedAt: number | null;
  /** When the counter was done with it: served, given up on as a no-show, or (for 'expired') sent home. */
  endedAt: number | null;
  outcome: 'served' | 'no_show' | 'expired';
  /** From joining the queue to the call; null when never called. */
  waitSec: number | null;
  estimateSec: number | null;
  /** How many would be called before this step, as it joined its queue. */
  peopleAhead: number;
}

/** A step waiting in a queue. */
interface Waiting {
  visit: number;
  step: number;
  arrival: number;
  result: SimStepResult;
}

/** Who is called first among steps of the same service and priority: entered first, then arrived first, then listed first. */
function lineOrder(a: Waiting, b: Waiting): number {
  return a.result.enteredAt - b.result.enteredAt || a.arrival - b.arrival || a.visit - b.visit;
}

/**
 * One service's waiting steps of one priority class, in call order. Steps join in time order, so adding is an
 * append, except for ties at the same second, which are few. The taken head is never compacted away: a day
 * holds a few thousand steps at most.
 */
class Line {
  private readonly items: Waiting[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): Waiting | undefined {
    return this.items[this.head];
  }

  take(): Waiting | undefined {
    return this.size > 0 ? this.items[this.head++] : undefined;
  }

  /** Adds in call order; answers how many in this line are ahead. */
  add(w: Waiting): number {
    let i = this.items.length;
    while (i > this.head && lineOrder(this.items[i - 1]!, w) > 0) i--;
    if (i === this.items.length) this.items.push(w);
    else this.items.splice(i, 0, w);
    return i - this.head;
  }
}

interface ServiceState {
  id: string;
  priority: Line;
  ordinary: Line;
  counters: CounterState[];
}

interface CounterState {
  id: string;
  /** Services in order of preference: index = preference. */
  services: ServiceState[];
  periods: OpenPeriod[];
  busy: boolean;
  /** Its place in the office's list: free counters are offered work in that order. */
  index: number;
  /** Free, and someone joined one of its lines, or it opened or became free, since it last looked: in `toLook`. */
  changed: boolean;
  /** isOpen's last answer holds from `knownFrom` until `knownUntil`: asked at every event, rarely changing. */
  knownOpen: boolean;
  knownFrom: number;
  knownUntil: number;
}

/**
 * A counter opening (no counter), or a counter done with a step (served, or given up on as a no-show), at `time`.
 * One object per event: a busy day schedules thousands.
 */
interface Entry {
  time: number;
  seq: number;
  counter: CounterState | null;
  visit: number;
  step: number;
  served: boolean;
}

/**
 * Binary min-heap by time; at the same time, in the order scheduled. Arrivals are known in advance and kept
 * apart in a sorted list, so this only ever holds one entry per counter plus the openings.
 */
class EventQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;

  /** Infinity when empty. */
  nextTime(): number {
    return this.heap[0]?.time ?? Infinity;
  }

  push(time: number, counter: CounterState | null, visit = -1, step = -1, served = false): void {
    const entry: Entry = { time, seq: this.seq++, counter, visit, step, served };
    let i = this.heap.length;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, this.heap[parent]!)) break;
      this.heap[i] = this.heap[parent]!;
      i = parent;
    }
    this.heap[i] = entry;
  }

  pop(): Entry {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) this.siftDown(last);
    return top;
  }

  /** Moves the hole at the root down to where `entry` belongs. */
  private siftDown(entry: Entry): void {
    const n = this.heap.length;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(this.heap[child + 1]!, this.heap[child]!)) child++;
      if (!before(this.heap[child]!, entry)) break;
      this.heap[i] = this.heap[child]!;
      i = child;
    }
    this.heap[i] = entry;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

class Day {
  private readonly services = new Map<string, ServiceState>();
  private readonly counters: CounterState[];
  /**
   * Free counters with something new to look at. A free counter that found nobody to call looks again only once
   * someone joins one of its lines or it opens: on a quiet afternoon most counters are free and have nothing new.
   */
  private toLook: CounterState[] = [];
  private readonly events = new EventQueue();
  private readonly serviceTimes = new ServiceTimes();
  /**
   * The median of serviceTimes per service, kept until the next step of that service ends: sorting on every
   * arrival would make the estimates cost more than the rest of the day.
   */
  private readonly recentServiceSec = new Map<string, number>();
  private readonly results: SimStepResult[] = [];
  /** Visit indexes by arrival, then as listed; `nextArrival` is the first not yet arrived. */
  private readonly arrivals: number[];
  private nextArrival = 0;
  private waiting = 0;
  private readonly walkSec: number;
  private readonly noShowWaitSec: number;
  private readonly defaultServiceSec: number;

  constructor(
    private readonly visits: readonly SimVisit[],
    counters: readonly SimCounter[],
    private readonly open: readonly OpenPeriod[],
    private readonly options: SimOptions,
  ) {
    this.walkSec = options.walkSec ?? DEFAULT_WALK_SEC;
    this.noShowWaitSec = options.noShowWaitSec ?? 120;
    this.defaultServiceSec = options.defaultServiceSec ?? 300;
    this.counters = counters.map((c, index) => ({
      id: c.id,
      services: [],
      periods: [],
      busy: false,
      index,
      changed: true,
      knownOpen: false,
      knownFrom: Infinity,
      knownUntil: -Infinity,
    }));
    this.toLook = [...this.counters];
    counters.forEach((c, i) => {
      const state = this.counters[i]!;
      for (const id of new Set(c.services)) {
        const service = this.service(id);
        state.services.push(service);
        service.counters.push(state);
      }
    });
    if (!visits.every((v) => Number.isFinite(v.arrival))) throw new RangeError('Every visit needs a finite arrival time');
    this.arrivals = visits.map((_, i) => i).sort((a, b) => visits[a]!.arrival - visits[b]!.arrival || a - b);
    for (const p of open) {
      const counter = this.counters.find((c) => c.id === p.counterId);
      if (!counter) throw new RangeError(`Open period for unknown counter ${p.counterId}`);
      counter.periods.push(p);
    }
  }

  run(): SimStepResult[] {
    // A counter that opens with nobody on its way still needs a moment to look at the queue.
    for (const p of this.open) this.events.push(p.from, null);
    for (;;) {
      const now = Math.min(this.nextArrivalTime(), this.events.nextTime());
      if (now === Infinity) break;
      // Everything that happens at one instant lands first, so a counter freed at 10:00 sees who joined at 10:00.
      while (this.nextArrivalTime() === now) this.enter(this.arrivals[this.nextArrival++]!, 0, now);
      while (this.events.nextTime() === now) this.handle(this.events.pop(), now);
      this.dispatch(now);
    }
    this.expireTheRest();
    return this.results;
  }

  private nextArrivalTime(): number {
    const visit = this.arrivals[this.nextArrival];
    return visit === undefined ? Infinity : this.visits[visit]!.arrival;
  }

  private service(id: string): ServiceState {
    let s = this.services.get(id);
    if (!s) {
      s = { id, priority: new Line(), ordinary: new Line(), counters: [] };
      this.services.set(id, s);
    }
    return s;
  }

  private handle(e: Entry, now: number): void {
    if (!e.counter) {
      for (const c of this.counters) if (!c.busy) this.lookAgain(c);
      return;
    }
    e.counter.busy = false;
    this.lookAgain(e.counter);
    if (!e.served) return;
    const step = this.visits[e.visit]!.steps[e.step]!;
    if (this.options.estimate) {
      this.serviceTimes.add(step.serviceId, step.serviceSec);
      this.recentServiceSec.delete(step.serviceId);
    }
    this.enter(e.visit, e.step + 1, now);
  }

  private enter(visit: number, stepIndex: number, now: number): void {
    const v = this.visits[visit]!;
    const step = v.steps[stepIndex];
    if (!step) return;
    const service = this.service(step.serviceId);
    const result: SimStepResult = {
      visitId: v.id,
      stepIndex,
      serviceId: step.serviceId,
      enteredAt: now,
      calledAt: null,
      counterId: null,
      startedAt: null,
      endedAt: null,
      // Settled when the step is called; whoever is never called has expired.
      outcome: 'expired',
      waitSec: null,
      estimateSec: null,
      peopleAhead: 0,
    };
    const w: Waiting = { visit, step: stepIndex, arrival: v.arrival, result };
    // Priority visits are called before everyone else, so only other priority visits stand ahead of them.
    result.peopleAhead = v.priority ? service.priority.add(w) : service.ordinary.add(w) + service.priority.size;
    for (const c of service.counters) if (!c.busy) this.lookAgain(c);
    if (this.options.estimate) result.estimateSec = this.estimate(service, result.peopleAhead, now);
    this.results.push(result);
    this.waiting++;
  }

  /** What junban would tell the resident now: the same formula and service-time window as queue/estimate.ts. */
  private estimate(service: ServiceState, peopleAhead: number, now: number): number | null {
    const countersOpen = service.counters.filter((c) => isOpen(c, now)).length;
    let serviceSec = this.recentServiceSec.get(service.id);
    if (serviceSec === undefined) {
      serviceSec = robustServiceSec(this.serviceTimes.of(service.id), this.defaultServiceSec);
      this.recentServiceSec.set(service.id, serviceSec);
    }
    return estimateWaitSec(peopleAhead, countersOpen, serviceSec);
  }

  private lookAgain(counter: CounterState): void {
    if (counter.changed) return;
    counter.changed = true;
    this.toLook.push(counter);
  }

  private dispatch(now: number): void {
    if (this.toLook.length === 0) return;
    // Free counters are offered work in the office's order.
    if (this.toLook.length > 1) this.toLook.sort((x, y) => x.index - y.index);
    for (const counter of this.toLook) {
      counter.changed = false;
      const line = this.waiting > 0 && isOpen(counter, now) ? nextLine(counter) : undefined;
      if (line) this.call(counter, line.take()!, now);
    }
    this.toLook.length = 0;
  }

  private call(counter: CounterState, w: Waiting, now: number): void {
    this.waiting--;
    counter.busy = true;
    const step = this.visits[w.visit]!.steps[w.step]!;
    const r = w.result;
    r.calledAt = now;
    r.counterId = counter.id;
    r.waitSec = now - r.enteredAt;
    if (step.noShow) {
      r.outcome = 'no_show';
      r.endedAt = now + this.noShowWaitSec;
    } else {
      r.outcome = 'served';
      r.startedAt = now + this.walkSec;
      r.endedAt = r.startedAt + step.serviceSec;
    }
    this.events.push(r.endedAt, counter, w.visit, w.step, !step.noShow);
  }

  private expireTheRest(): void {
    const closeAt = this.options.closeAt ?? Math.max(0, ...this.open.map((p) => p.to));
    for (const r of this.results) if (r.calledAt === null) r.endedAt = Math.max(closeAt, r.enteredAt);
  }
}

function isOpen(counter: CounterState, now: number): boolean {
  if (now >= counter.knownFrom && now < counter.knownUntil) return counter.knownOpen;
  const current = counter.periods.find((p) => p.from <= now && now < p.to);
  counter.knownOpen = current !== undefined;
  counter.knownFrom = current ? current.from : Math.max(-Infinity, ...counter.periods.filter((p) => p.to <= now).map((p) => p.to));
  counter.knownUntil = current ? current.to : Math.min(Infinity, ...counter.periods.filter((p) => p.from > now).map((p) => p.from));
  return counter.knownOpen;
}

/**
 * The line whose head this counter calls next, in the order of queue/ordering.ts callOrder: priority visits first,
 * then whoever entered the queue earliest, then the counter's preferred service, then whoever arrived first.
 */
function nextLine(counter: CounterState): Line | undefined {
  return bestHead(counter, true) ?? bestHead(counter, false);
}

function bestHead(counter: CounterState, priority: boolean): Line | undefined {
  let best: Line | undefined;
  // Services are in preference order and a later one wins only by having entered strictly earlier, so among
  // equals the preferred service is kept; within a service, the line itself is already in arrival order.
  for (const service of counter.services) {
    const line = priority ? service.priority : service.ordinary;
    const head = line.peek();
    if (head && (!best || head.result.enteredAt < best.peek()!.result.enteredAt)) best = line;
  }
  return best;
}

/** Simulates one day; the steps come back in the order they joined their queues. */
export function simulateDay(visits: SimVisit[], counters: SimCounter[], open: OpenPeriod[], options: SimOptions = {}): { steps: SimStepResult[] } {
  return { steps: new Day(visits, counters, open, options).run() };
}

/** A reproducible source of uniform numbers in [0, 1) for the d3-random distributions (`.source(rng)`). */
export function seededRandom(seed: number): () => number {
  return randomLcg(seed);
}

/**
 * Arrival times (seconds) of a Poisson process whose rate per hour is constant within each hour of the day.
 * Each hour starts afresh: exponential gaps have no memory, so that is exact for a piecewise-constant rate.
 */
export function poissonArrivals(ratePerHour: (hourIndex: number) => number, hours: number, rng: () => number): number[] {
  const times: number[] = [];
  for (let h = 0; h < hours; h++) {
    const rate = ratePerHour(h);
    if (!(rate > 0)) continue;
    const gap = randomExponential.source(rng)(rate / SECONDS_PER_HOUR);
    const end = Math.min(h + 1, hours) * SECONDS_PER_HOUR;
    for (let t = h * SECONDS_PER_HOUR + gap(); t < end; t += gap()) times.push(t);
  }
  return times;
}
