/**
 * Erlang C staffing maths for one queue served by identical counters (M/M/N): residents arrive at random
 * (Poisson), service times are roughly exponential, and nobody leaves the queue. It is the quick first answer
 * to "how many counters does this procedure need this hour"; the simulation checks plans it cannot describe.
 */

const SECONDS_PER_HOUR = 3600;

/** Traffic in Erlangs: how many counters the work would keep busy on average. */
export function trafficErlangs(arrivalsPerHour: number, meanServiceSec: number): number {
  return (arrivalsPerHour * meanServiceSec) / SECONDS_PER_HOUR;
}

/**
 * Erlang B by its recursion: the textbook formula divides A^N by N!, which overflows a double well before
 * 200 counters, while every step of the recursion stays between 0 and 1.
 */
function erlangB(agents: number, traffic: number): number {
  let blocking = 1;
  for (let k = 1; k <= agents; k++) blocking = (traffic * blocking) / (k + traffic * blocking);
  return blocking;
}

/** Probability that an arrival has to wait: 1 when the counters cannot keep up with the traffic. */
export function erlangC(agents: number, trafficErlangs: number): number {
  if (agents <= trafficErlangs) return 1;
  const blocking = erlangB(agents, trafficErlangs);
  return (agents * blocking) / (agents - trafficErlangs * (1 - blocking));
}

/** Share of arrivals called within targetSec; 0 when the queue would grow without end. */
export function serviceLevel(agents: number, arrivalsPerHour: number, meanServiceSec: number, targetSec: number): number {
  const traffic = trafficErlangs(arrivalsPerHour, meanServiceSec);
  if (agents <= traffic) return 0;
  return 1 - erlangC(agents, traffic) * Math.exp((-(agents - traffic) * targetSec) / meanServiceSec);
}

/** Mean wait before being called (ASA), over everyone including those who did not wait at all. */
export function averageWaitSec(agents: number, arrivalsPerHour: number, meanServiceSec: number): number {
  const traffic = trafficErlangs(arrivalsPerHour, meanServiceSec);
  if (agents <= traffic) return Infinity;
  return (erlangC(agents, traffic) * meanServiceSec) / (agents - traffic);
}

export interface StaffingTarget {
  arrivalsPerHour: number;
  meanServiceSec: number;
  /** Residents should be called within this many seconds… */
  targetSec: number;
  /** …at least this share of them (0–1). */
  targetShare: number;
  /** Counters should be busy at most this share of the time (0–1], so staff are not worn out. */
  maxOccupancy?: number;
}

export interface Staffing {
  counters: number;
  serviceLevel: number;
  probabilityOfWaiting: number;
  averageWaitSec: number;
  occupancy: number;
}

function assertTarget(t: StaffingTarget): void {
  const finiteNonNegative = [t.arrivalsPerHour, t.meanServiceSec, t.targetSec].every((x) => Number.isFinite(x) && x >= 0);
  if (!finiteNonNegative) throw new RangeError('arrivals, service and target times must be finite and not negative');
  if (!(t.targetShare >= 0 && t.targetShare <= 1)) throw new RangeError('targetShare must be between 0 and 1');
  if (t.maxOccupancy !== undefined && !(t.maxOccupancy > 0 && t.maxOccupancy <= 1)) {
    throw new RangeError('maxOccupancy must be above 0 and at most 1');
  }
}

function staffingWith(counters: number, t: StaffingTarget): Staffing {
  const traffic = trafficErlangs(t.arrivalsPerHour, t.meanServiceSec);
  return {
    counters,
    serviceLevel: serviceLevel(counters, t.arrivalsPerHour, t.meanServiceSec, t.targetSec),
    probabilityOfWaiting: erlangC(counters, traffic),
    averageWaitSec: averageWaitSec(counters, t.arrivalsPerHour, t.meanServiceSec),
    occupancy: traffic / counters,
  };
}

/** The fewest counters that meet the service-level target (and the occupancy ceiling, when one is given). */
export function countersNeeded(target: StaffingTarget): Staffing {
  assertTarget(target);
  const traffic = trafficErlangs(target.arrivalsPerHour, target.meanServiceSec);
  if (traffic === 0) return { counters: 0, serviceLevel: 1, probabilityOfWaiting: 0, averageWaitSec: 0, occupancy: 0 };
  // Fewer than A+1 counters can never keep up. The loop ends even for a 100% target: the waiting
  // probability falls faster than exponentially, so the service level reaches 1 in floating point.
  for (let counters = Math.floor(traffic) + 1; ; counters++) {
    const s = staffingWith(counters, target);
    if (s.serviceLevel >= target.targetShare && s.occupancy <= (target.maxOccupancy ?? 1)) return s;
  }
}
