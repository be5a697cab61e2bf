import { isPriority, passedOver, type QueuedStep } from './ordering.js';

/** Arrival order within one service: who entered the queue first, then who was issued first, then the lower number. */
export function arrivalOrder(a: QueuedStep, b: QueuedStep): number {
  return (
    a.step.enteredAt! - b.step.enteredAt! ||
    a.visit.issuedAt - b.visit.issuedAt ||
    a.visit.number.localeCompare(b.visit.number, 'en', { numeric: true }) ||
    (a.step.id < b.step.id ? -1 : a.step.id > b.step.id ? 1 : 0)
  );
}

const anyone = () => true;

/**
 * One service's waiting line, kept in arrival order, with the few visits that have a priority beside it. Counting,
 * finding the head and placing a newcomer cost O(log n), so a long queue in a busy season costs the same per
 * ticket as a short one.
 */
export class ServiceLine {
  private readonly waiting: QueuedStep[] = [];
  /** Waiting steps with a priority, active now or from a later instant (a reservation slot). */
  private readonly prioritized = new Set<QueuedStep>();
  /** Waiting steps of residents with needs (few): a counter serving one of them brings them first, wherever they stand. */
  private readonly needing = new Set<QueuedStep>();

  /** The index of the first entry not before `q` in arrival order. */
  private lowerBound(q: QueuedStep): number {
    let lo = 0;
    let hi = this.waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arrivalOrder(this.waiting[mid]!, q) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(q: QueuedStep): void {
    this.waiting.splice(this.lowerBound(q), 0, q);
    if (q.step.priorityFrom !== undefined) this.prioritized.add(q);
    if (q.visit.needs?.length) this.needing.add(q);
  }

  remove(q: QueuedStep): void {
    const i = this.lowerBound(q);
    if (this.waiting[i]?.step.id === q.step.id) {
      const [removed] = this.waiting.splice(i, 1);
      this.prioritized.delete(removed!);
      this.needing.delete(removed!);
    }
  }

  /**
   * Entries of days no longer served sit at the front (they arrived earlier); skip them. `businessDate` is the oldest
   * day still served: after closing, the day that closed, whose residents are still called (state.ts `servingFrom`).
   */
  private firstOf(businessDate: string): number {
    let i = 0;
    while (i < this.waiting.length && this.waiting[i]!.visit.businessDate < businessDate) i++;
    return i;
  }

  /**
   * The first entry a counter may call: remote numbers not checked in and documents in preparation are passed over,
   * and so are residents the counter leaves to another (`may`: their needs, also few).
   */
  private firstCallable(businessDate: string, may: (q: QueuedStep) => boolean): QueuedStep | undefined {
    for (let i = this.firstOf(businessDate); i < this.waiting.length; i++) {
      const q = this.waiting[i]!;
      if (!passedOver(q) && may(q)) return q;
    }
    return undefined;
  }

  private activePriority(businessDate: string, now: number): QueuedStep[] {
    return [...this.prioritized].filter((q) => q.visit.businessDate >= businessDate && isPriority(q.step, now));
  }

  count(businessDate: string): number {
    return this.waiting.length - this.firstOf(businessDate);
  }

  priorityCount(businessDate: string, now: number): number {
    return this.activePriority(businessDate, now).length;
  }

  oldest(businessDate: string): QueuedStep | undefined {
    return this.waiting[this.firstOf(businessDate)];
  }

  /**
   * Who this line offers to a counter: its priority visits, its residents with needs and its head, each only if the
   * counter may call them (`may`); the counter picks among all its lines.
   */
  candidates(businessDate: string, now: number, may: (q: QueuedStep) => boolean = anyone): QueuedStep[] {
    const head = this.firstCallable(businessDate, may);
    const priority = this.activePriority(businessDate, now).filter((q) => !passedOver(q) && may(q));
    const needing = [...this.needing].filter((q) => q.visit.businessDate === businessDate && !passedOver(q) && may(q));
    return head ? [...priority, ...needing, head] : [...priority, ...needing];
  }

  /** The earliest arrival without an active priority: what a counter whose turn is for ordinary visits takes. */
  firstOrdinary(businessDate: string, now: number, may: (q: QueuedStep) => boolean = anyone): QueuedStep | undefined {
    // Priority visits, remote numbers not checked in and residents left to another counter are few, so this skips
    // at most a handful of entries.
    for (let i = this.firstOf(businessDate); i < this.waiting.length; i++) {
      const q = this.waiting[i]!;
      if (!isPriority(q.step, now) && !passedOver(q) && may(q)) return q;
    }
    return undefined;
  }

  /** How many would be called before `q`: everyone who arrived earlier, plus priority visits that arrived later. */
  ahead(q: QueuedStep, businessDate: string, now: number): number {
    const priority = this.activePriority(businessDate, now).filter((p) => p.step.id !== q.step.id);
    if (isPriority(q.step, now)) return priority.filter((p) => arrivalOrder(p, q) < 0).length;
    const earlier = this.lowerBound(q) - this.firstOf(businessDate);
    return earlier + priority.filter((p) => arrivalOrder(p, q) > 0).length;
  }

  /** Every waiting entry's `ahead`, by step id, in one pass: the places of a whole line at once. */
  places(businessDate: string, now: number): Map<string, number> {
    const priority = this.activePriority(businessDate, now).sort(arrivalOrder);
    const places = new Map(priority.map((p, i) => [p.step.id, i]));
    let ordinary = priority.length;
    for (let i = this.firstOf(businessDate); i < this.waiting.length; i++) {
      const q = this.waiting[i]!;
      if (!places.has(q.step.id)) places.set(q.step.id, ordinary++);
    }
    return places;
  }

  /** The first `limit` in call order: active priority first, then arrival. */
  inCallOrder(businessDate: string, now: number, limit: number): QueuedStep[] {
    const priority = this.activePriority(businessDate, now).sort(arrivalOrder);
    const out = priority.slice(0, limit);
    const skip = new Set(priority);
    for (let i = this.firstOf(businessDate); i < this.waiting.length && out.length < limit; i++) {
      if (!skip.has(this.waiting[i]!)) out.push(this.waiting[i]!);
    }
    return out;
  }

  /** Every waiting entry of the day (a rare, linear look-up: calling a number by hand). */
  *all(businessDate: string): Iterable<QueuedStep> {
    for (let i = this.firstOf(businessDate); i < this.waiting.length; i++) yield this.waiting[i]!;
  }
}
