/**
 * Residents' needs and the counters that serve them (issue 20), as pure rules the call order uses.
 *
 * A counter declares the needs it can serve (`Counter.needs`); a visit carries the needs its resident said they
 * have (`Visit.needs`). When a counter calls next:
 * - it brings first the residents with a need it serves (within its procedures);
 * - it passes over a resident whose needs another open counter of that procedure serves better (declares more of
 *   them), so the resident waits for that counter, keeping their place;
 * - when no open counter serves the need, nobody passes the resident over: they are called in turn like everyone
 *   else, and the console shows the clerk the need their counter has not declared.
 * "Better" and not "serves every need": a resident needing a wheelchair desk and an interpreter, at an office where
 * one counter has each, is called by either, never by neither.
 */
import type { Counter, Need } from '@junban/protocol';

type Declares = Pick<Counter, 'needs'>;

/** How many of these needs a counter declares. */
export function needsMet(counter: Declares, needs: readonly Need[] | undefined): number {
  if (!needs?.length || !counter.needs?.length) return 0;
  return needs.filter((n) => counter.needs!.includes(n)).length;
}

/**
 * Whether `counter` may call a resident with these needs, given the open counters of the resident's procedure
 * (the counter itself among them or not): no open counter declares more of them.
 */
export function mayCall(counter: Declares, needs: readonly Need[] | undefined, openCounters: readonly Declares[]): boolean {
  if (!needs?.length) return true;
  const here = needsMet(counter, needs);
  return openCounters.every((other) => needsMet(other, needs) <= here);
}

/** Whether the counter is one this resident's needs bring them to first: it declares at least one of them. */
export const servesANeed = (counter: Declares, needs: readonly Need[] | undefined): boolean => needsMet(counter, needs) > 0;

/** Of a resident's needs, those this counter has not declared: what the console points out to its clerk. */
export function notDeclared(counter: Declares, needs: readonly Need[] | undefined): Need[] {
  return (needs ?? []).filter((n) => !counter.needs?.includes(n));
}
