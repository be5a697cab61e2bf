import { describe, expect, it } from 'vitest';
import { averageWaitSec, countersNeeded, erlangC, serviceLevel, trafficErlangs } from './erlang.js';

/**
 * Decimal places a figure was published with, so each assertion is as strict as its source; capped at 12,
 * since figures printed to 16 decimals differ from any other correct implementation only in rounding noise.
 */
function decimals(published: number): number {
  return Math.min(12, (String(published).split('.')[1] ?? '').length);
}

function expectPublished(actual: number, published: number, digits = decimals(published)): void {
  expect(actual).toBeCloseTo(published, digits);
}

// The Call Centre Helper worked example (100 calls in 30 minutes, AHT 180 s, 80% answered within 20 s):
// 200 calls an hour, 10 Erlangs.
const example = { arrivalsPerHour: 200, meanServiceSec: 180, targetSec: 20 };

describe('Erlang C against published worked examples', () => {
  it('gives 10 Erlangs for the Call Centre Helper example', () => {
    expect(trafficErlangs(example.arrivalsPerHour, example.meanServiceSec)).toBe(10);
  });

  // Source: README of the CRAN package ErlangC 0.1.0, which works the Call Centre Helper example for 11 to 14 agents:
  // https://stat.ethz.ch/CRAN/web/packages/ErlangC/readme/README.html (output of calculate_agents(), $process table)
  //   agents  wait_probability  service_level  average_speed_of_answer  occupancy
  //   11      0.6821182         0.3896138      122.78127684408s         0.9090909
  //   12      0.4493882         0.640158       40.4449401868444s        0.8333333
  //   13      0.2852705         0.7955948      17.1162271821896s        0.7692308
  //   14      0.1741319         0.88835        7.83593701177724s        0.7142857
  // R prints 7 significant digits and drops trailing zeros (0.640158 is 0.6401580), so those columns are checked
  // to 7 decimals; the durations are printed in full and checked to every decimal shown.
  const published = [
    { agents: 11, pw: 0.6821182, sl: 0.3896138, asa: 122.78127684408, occupancy: 0.9090909 },
    { agents: 12, pw: 0.4493882, sl: 0.640158, asa: 40.4449401868444, occupancy: 0.8333333 },
    { agents: 13, pw: 0.2852705, sl: 0.7955948, asa: 17.1162271821896, occupancy: 0.7692308 },
    { agents: 14, pw: 0.1741319, sl: 0.88835, asa: 7.83593701177724, occupancy: 0.7142857 },
  ];
  it.each(published)('$agents agents: Pw, service level and ASA as published', ({ agents, pw, sl, asa, occupancy }) => {
    expectPublished(erlangC(agents, 10), pw, 7);
    expectPublished(serviceLevel(agents, example.arrivalsPerHour, example.meanServiceSec, example.targetSec), sl, 7);
    expectPublished(averageWaitSec(agents, example.arrivalsPerHour, example.meanServiceSec), asa);
    expectPublished(10 / agents, occupancy, 7);
  });

  // Same README: calculate_agents(…, require_service_level = 0.8, max_occupancy = 0.85, …) answers $agents 14 (13 agents
  // give 79.6%, just short of 80%), with wait_probability 0.1741319, service_level 0.88835, occupancy 0.7142857.
  // Source: pyworkforce 0.1.0 on PyPI, https://pypi.org/project/pyworkforce/0.1.0/ — ErlangC(transactions=100,
  // asa=20/60, aht=3, interval=30, max_occupancy=0.85, shrinkage=0.3).required_positions(service_level=0.8) gives
  // raw_positions 14, service_level 0.8883500191794669, occupancy 0.7142857142857143, waiting_probability 0.1741319335950498.
  it('needs 14 counters for 80% within 20 s at most 85% busy, as both sources conclude', () => {
    const s = countersNeeded({ ...example, targetShare: 0.8, maxOccupancy: 0.85 });
    expect(s.counters).toBe(14);
    expectPublished(s.serviceLevel, 0.8883500191794669);
    expectPublished(s.occupancy, 0.7142857142857143);
    expectPublished(s.probabilityOfWaiting, 0.1741319335950498);
    expectPublished(s.averageWaitSec, 7.83593701177724);
  });
});

describe('Erlang C edge cases', () => {
  it('is 1 when the counters cannot keep up, and the queue then has no finite wait', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(3, 4.5)).toBe(1);
    expect(erlangC(0, 0)).toBe(1);
    expect(serviceLevel(10, 200, 180, 20)).toBe(0);
    expect(averageWaitSec(10, 200, 180)).toBe(Infinity);
  });

  it('never makes anyone wait when there is no traffic', () => {
    expect(erlangC(1, 0)).toBe(0);
    expect(serviceLevel(1, 0, 300, 0)).toBe(1);
    expect(averageWaitSec(2, 0, 300)).toBe(0);
    expect(countersNeeded({ arrivalsPerHour: 0, meanServiceSec: 300, targetSec: 60, targetShare: 0.9 })).toEqual({
      counters: 0,
      serviceLevel: 1,
      probabilityOfWaiting: 0,
      averageWaitSec: 0,
      occupancy: 0,
    });
  });

  it('matches the closed form for one counter (M/M/1: Pw = ρ)', () => {
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 12);
    // M/M/1 mean wait: ρ/(1−ρ) service times.
    expect(averageWaitSec(1, 9.6, 300)).toBeCloseTo((0.8 / 0.2) * 300, 9);
  });

  it('stays finite and agrees with a log-space evaluation of the textbook formula for 200 counters', () => {
    const logTerm = (a: number, k: number) => k * Math.log(a) - lgammaInt(k + 1);
    const textbook = (n: number, a: number) => {
      const last = logTerm(a, n) + Math.log(n / (n - a));
      const terms = [...Array.from({ length: n }, (_, k) => logTerm(a, k)), last];
      const max = Math.max(...terms);
      return Math.exp(last - max) / terms.reduce((sum, t) => sum + Math.exp(t - max), 0);
    };
    for (const traffic of [150, 190, 199.5]) {
      const pw = erlangC(200, traffic);
      expect(pw).toBeGreaterThan(0);
      expect(pw).toBeLessThan(1);
      expect(pw).toBeCloseTo(textbook(200, traffic), 10);
    }
  });

  it('is not fooled by a 100% target: it stops at the first count whose service level rounds to 1', () => {
    const s = countersNeeded({ arrivalsPerHour: 12, meanServiceSec: 300, targetSec: 0, targetShare: 1 });
    expect(s.serviceLevel).toBe(1);
    expect(s.counters).toBeLessThan(40);
  });

  it('lets the occupancy ceiling add counters the service level alone would not', () => {
    const lenient = { arrivalsPerHour: 200, meanServiceSec: 180, targetSec: 600, targetShare: 0.5 };
    const loose = countersNeeded(lenient);
    const capped = countersNeeded({ ...lenient, maxOccupancy: 0.7 });
    expect(loose.counters).toBe(11);
    expect(capped.counters).toBe(15);
    expect(capped.occupancy).toBeLessThanOrEqual(0.7);
  });

  it('rejects targets that cannot be met or make no sense', () => {
    expect(() => countersNeeded({ ...example, targetShare: 1.2 })).toThrow(RangeError);
    expect(() => countersNeeded({ ...example, targetShare: 0.8, maxOccupancy: 0 })).toThrow(RangeError);
    expect(() => countersNeeded({ ...example, arrivalsPerHour: -1, targetShare: 0.8 })).toThrow(RangeError);
  });
});

function lgammaInt(n: number): number {
  let sum = 0;
  for (let k = 2; k < n; k++) sum += Math.log(k);
  return sum;
}
