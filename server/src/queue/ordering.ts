import type { Step, Visit } from '../protocol/index.js';

export interface QueuedStep {
  visit: Visit;
  step: Step;
}

export function isPriority(step: Step, now: number): boolean {
  return step.priorityFrom !== undefined && step.priorityFrom <= now;
}

/**
 * The order in which a counter calls: priority visits (assistance, reservations from their slot) first, then
 * whoever entered the queue earliest, then the counter's preferred service, then the lower number.
 */
export function callOrder(now: number, preference: (serviceId: string) => number = () => 0) {
  return (a: QueuedStep, b: QueuedStep): number =>
    Number(isPriority(b.step, now)) - Number(isPriority(a.step, now)) ||
    a.step.enteredAt! - b.step.enteredAt! ||
    preference(a.step.serviceId) - preference(b.step.serviceId) ||
    a.visit.issuedAt - b.visit.issuedAt ||
    a.visit.number.localeCompare(b.visit.number, 'en', { numeric: true });
}
