import type { Step, Visit } from '@junban/protocol';

export interface QueuedStep {
  visit: Visit;
  step: Step;
}

export function isPriority(step: Step, now: number): boolean {
  return step.priorityFrom !== undefined && step.priorityFrom <= now;
}

/**
 * A number taken from a phone whose resident has not checked in: it keeps its place in the line (it counts in
 * everyone's "ahead") but no counter calls it; once checked in it is called from that place.
 */
export const awaitsCheckIn = (visit: Visit): boolean => visit.remote !== undefined && visit.remote.checkedInAt === undefined;

/**
 * A step no counter calls yet, though it keeps its place: a remote number not checked in, or documents still being
 * prepared in the back office (a preparation procedure's step, until staff mark it ready).
 */
export const passedOver = (q: QueuedStep): boolean => awaitsCheckIn(q.visit) || q.step.preparation === 'preparing';

/** Which kind of visit a counter takes first on its next call; its priority rule decides (see PriorityRule). */
export type Favour = 'priority' | 'ordinary';

/**
 * The order in which a counter calls: priority visits (assistance, reservations from their slot) first, or
 * ordinary ones first when the counter's priority rule says it is their turn; then whoever entered the queue
 * earliest, then the counter's preferred service, then the lower number.
 */
export function callOrder(now: number, preference: (serviceId: string) => number = () => 0, favour: Favour = 'priority') {
  const sign = favour === 'priority' ? 1 : -1;
  return (a: QueuedStep, b: QueuedStep): number =>
    sign * (Number(isPriority(b.step, now)) - Number(isPriority(a.step, now))) ||
    a.step.enteredAt! - b.step.enteredAt! ||
    preference(a.step.serviceId) - preference(b.step.serviceId) ||
    a.visit.issuedAt - b.visit.issuedAt ||
    a.visit.number.localeCompare(b.visit.number, 'en', { numeric: true });
}
