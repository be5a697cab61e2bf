import { group, mean, quantile } from 'd3-array';
import { randomExponential } from 'd3-random';
import { describe, expect, it } from 'vitest';
import { averageWaitSec, erlangC, serviceLevel } from './erlang.js';
import { poissonArrivals, seededRandom, simulateDay, type OpenPeriod, type SimCounter, type SimStepResult, type SimVisit } from './simulation.js';

const visit = (id: string, arrival: number, ...steps: SimVisit['steps']): SimVisit => ({ id, arrival, steps });
const x = (serviceSec: number) => ({ serviceId: 'x', serviceSec });
const y = (serviceSec: number) => ({ serviceId: 'y', serviceSec });
const allDay = (...counterIds: string[]): OpenPeriod[] => counterIds.map((counterId) => ({ counterId, from: 0, to: 10_000 }));

interface ServiceSummary {
  serviceId: string;
  served: number;
  noShows: number;
  expired: number;
  /** Over the steps that were called (served or no-show); null when none was. */
  meanWaitSec: number | null;
  p90WaitSec: number | null;
  /** Share called within the service's target among those called or sent home; null without a target or steps. */
  serviceLevel: number | null;
}

/** Per service, in the order the services first appear in `results`: what the agreement tests measure a day by. */
function summarize(results: readonly SimStepResult[], targetSecByService: Readonly<Record<string, number>>): ServiceSummary[] {
  const byService = group(results, (r) => r.serviceId);
  return [...byService].map(([serviceId, steps]) => summarizeService(serviceId, steps, targetSecByService[serviceId]));
}

function summarizeService(serviceId: string, steps: readonly SimStepResult[], targetSec: number | undefined): ServiceSummary {
  const waits = steps.flatMap((s) => (s.waitSec === null ? [] : [s.waitSec]));
  const expired = steps.filter((s) => s.outcome === 'expired').length;
  const judged = waits.length + expired;
  const inTime = targetSec === undefined ? 0 : waits.filter((w) => w <= targetSec).length;
  return {
    serviceId,
    served: steps.filter((s) => s.outcome === 'served').length,
    noShows: steps.filter((s) => s.outcome === 'no_show').length,
    expired,
    meanWaitSec: mean(waits) ?? null,
    p90WaitSec: quantile(waits, 0.9) ?? null,
    serviceLevel: targetSec === undefined || judged === 0 ? null : inTime / judged,
  };
}

/** The times that matter, keyed by visit and step, so a failing case shows which resident went wrong. */
function timeline(steps: SimStepResult[]) {
  return Object.fromEntries(
    steps.map((s) => [`${s.visitId}.${s.stepIndex}`, [s.outcome, s.counterId, s.enteredAt, s.calledAt, s.startedAt, s.endedAt, s.peopleAhead].join(' ')]),
  );
}

describe('simulateDay, hand-computed days (walk 30 s)', () => {
  it('two counters take arrivals first come, first served, the first free counter in list order first', () => {
    const { steps } = simulateDay(
      [visit('v1', 0, x(300)), visit('v2', 10, x(200)), visit('v3', 20, x(100)), visit('v4', 400, x(100)), visit('v5', 500, x(50))],
      [
        { id: 'A', services: ['x'] },
        { id: 'B', services: ['x'] },
      ],
      allDay('A', 'B'),
    );
    // v3 waits for B, which is free first (10 + 30 + 200 = 240); both are idle at 400, so A (listed first) takes v4.
    expect(timeline(steps)).toEqual({
      'v1.0': 'served A 0 0 30 330 0',
      'v2.0': 'served B 10 10 40 240 0',
      'v3.0': 'served B 20 240 270 370 0',
      'v4.0': 'served A 400 400 430 530 0',
      'v5.0': 'served B 500 500 530 580 0',
    });
    expect(steps.map((s) => s.waitSec)).toEqual([0, 0, 220, 0, 0]);
    expect(steps.map((s) => s.visitId)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  it("calls whoever entered first, and between equals the counter's preferred service", () => {
    const visits = [visit('v1', 0, x(100)), visit('v2', 40, y(60)), visit('v4', 50, y(60)), visit('v3', 50, x(60))];
    const run = (services: string[]) => timeline(simulateDay(visits, [{ id: 'A', services }], allDay('A')).steps);
    // A is busy with v1 until 130. v2 entered first (40) even though A prefers x; at 50 the preferred x goes first,
    // though v4 is listed before v3.
    expect(run(['x', 'y'])).toMatchObject({
      'v2.0': 'served A 40 130 160 220 0',
      'v3.0': 'served A 50 220 250 310 0',
      'v4.0': 'served A 50 310 340 400 1',
    });
    // A counter preferring y takes v4 first.
    expect(run(['y', 'x'])).toMatchObject({
      'v4.0': 'served A 50 220 250 310 1',
      'v3.0': 'served A 50 310 340 400 0',
    });
  });

  it('calls priority visits before everyone else, and tells the ordinary ones they stand behind them', () => {
    const { steps } = simulateDay(
      [visit('v1', 0, x(100)), visit('v2', 10, x(50)), { ...visit('v3', 20, x(50)), priority: true }, visit('v4', 30, x(50))],
      [{ id: 'A', services: ['x'] }],
      allDay('A'),
    );
    expect(timeline(steps)).toEqual({
      'v1.0': 'served A 0 0 30 130 0',
      'v2.0': 'served A 10 210 240 290 0',
      'v3.0': 'served A 20 130 160 210 0',
      'v4.0': 'served A 30 290 320 370 2',
    });
  });

  it('puts the next step of a visit in its queue when the previous one ends, behind those who entered earlier', () => {
    const { steps } = simulateDay(
      [visit('v1', 0, x(100), y(50)), visit('v2', 100, y(200)), visit('v3', 120, y(10))],
      [
        { id: 'A', services: ['x'] },
        { id: 'B', services: ['y'] },
      ],
      allDay('A', 'B'),
    );
    // v1 leaves A at 130 and joins y behind v3 (entered 120); B is busy with v2 until 330.
    expect(timeline(steps)).toEqual({
      'v1.0': 'served A 0 0 30 130 0',
      'v2.0': 'served B 100 100 130 330 0',
      'v3.0': 'served B 120 330 360 370 0',
      'v1.1': 'served B 130 370 400 450 1',
    });
    expect(steps.map((s) => `${s.visitId}.${s.stepIndex}`)).toEqual(['v1.0', 'v2.0', 'v3.0', 'v1.1']);
  });

  it('a counter finishes the visit it has after its period ends but calls no one new; another opening calls at once', () => {
    const { steps } = simulateDay(
      [visit('v1', 0, x(300)), visit('v2', 50, x(100)), visit('v3', 340, x(10))],
      [
        { id: 'A', services: ['x'] },
        { id: 'B', services: ['x'] },
      ],
      [
        { counterId: 'A', from: 0, to: 200 },
        { counterId: 'B', from: 250, to: 1000 },
      ],
    );
    // A serves v1 until 330 although it closed at 200, and stays free but closed when v3 arrives at 340;
    // B opens at 250 and calls v2 straight away, then v3 when it is free at 380.
    expect(timeline(steps)).toEqual({
      'v1.0': 'served A 0 0 30 330 0',
      'v2.0': 'served B 50 250 280 380 0',
      'v3.0': 'served B 340 380 410 420 0',
    });
  });

  it('gives up on a no-show after noShowWaitSec, frees the counter and ends the visit there', () => {
    const { steps } = simulateDay(
      [visit('v1', 0, { ...x(100), noShow: true }, y(50)), visit('v2', 10, x(100))],
      [{ id: 'A', services: ['x', 'y'] }],
      allDay('A'),
      { noShowWaitSec: 120 },
    );
    expect(timeline(steps)).toEqual({
      'v1.0': 'no_show A 0 0  120 0',
      'v2.0': 'served A 10 120 150 250 0',
    });
    expect(steps[0]).toMatchObject({ outcome: 'no_show', startedAt: null, waitSec: 0 });
  });

  it('expires whoever is still waiting when every counter has closed, at closeAt (or on arrival if later)', () => {
    const { steps } = simulateDay(
      [visit('v1', 0, x(500)), visit('v2', 10, x(100)), visit('v3', 600, x(100)), visit('v4', 20, { serviceId: 'nobody', serviceSec: 60 })],
      [{ id: 'A', services: ['x'] }],
      [{ counterId: 'A', from: 0, to: 100 }],
      { closeAt: 150 },
    );
    expect(timeline(steps)).toEqual({
      'v1.0': 'served A 0 0 30 530 0',
      'v2.0': 'expired  10   150 0',
      'v4.0': 'expired  20   150 0',
      'v3.0': 'expired  600   600 1',
    });
    expect(steps.find((s) => s.visitId === 'v2')).toMatchObject({ calledAt: null, counterId: null, waitSec: null });
  });

  it('without closeAt, expires them when the last period ends', () => {
    const { steps } = simulateDay([visit('v1', 0, x(500)), visit('v2', 10, x(100))], [{ id: 'A', services: ['x'] }], [{ counterId: 'A', from: 0, to: 100 }]);
    expect(steps[1]).toMatchObject({ outcome: 'expired', endedAt: 100 });
  });

  it('gives the estimate junban would give: people ahead per open counter times the median recent service time', () => {
    const { steps } = simulateDay(
      [visit('v1', 0, x(100)), visit('v2', 10, x(100)), visit('v3', 20, x(100)), visit('v4', 140, x(100)), visit('v5', 150, y(60))],
      [{ id: 'A', services: ['x'] }],
      allDay('A'),
      { estimate: true, defaultServiceSec: 300 },
    );
    // v2 and v3 find nobody finished yet, so the default applies; by 140 v1 has been served in 100 s.
    // Nobody serves y, so v5 gets no estimate.
    expect(steps.map((s) => [s.visitId, s.peopleAhead, s.estimateSec])).toEqual([
      ['v1', 0, 0],
      ['v2', 0, 0],
      ['v3', 1, 300],
      ['v4', 1, 100],
      ['v5', 0, null],
    ]);
    expect(simulateDay([visit('v1', 0, x(100))], [{ id: 'A', services: ['x'] }], allDay('A')).steps[0]!.estimateSec).toBeNull();
  });

  it('rejects an open period for a counter it does not know', () => {
    expect(() => simulateDay([], [{ id: 'A', services: ['x'] }], [{ counterId: 'Z', from: 0, to: 1 }])).toThrow(/Z/);
  });
});

describe('summarize', () => {
  it('counts outcomes and gives mean, p90 wait and service level per service', () => {
    const { steps } = simulateDay(
      [
        visit('v1', 0, x(300)),
        visit('v2', 10, x(200)),
        visit('v3', 20, x(100)),
        visit('v4', 400, { ...x(100), noShow: true }),
        visit('v5', 9_990, x(50)),
        visit('v6', 9_995, x(50)),
      ],
      [
        { id: 'A', services: ['x'] },
        { id: 'B', services: ['x'] },
      ],
      allDay('A', 'B'),
    );
    // Waits: 0, 0, 220, 0 and two called at once near closing; then nothing is left to expire.
    expect(summarize(steps, { x: 100 })).toEqual([
      { serviceId: 'x', served: 5, noShows: 1, expired: 0, meanWaitSec: 220 / 6, p90WaitSec: 110, serviceLevel: 5 / 6 },
    ]);
    const closed = simulateDay([visit('v1', 0, x(500)), visit('v2', 10, x(100))], [{ id: 'A', services: ['x'] }], [{ counterId: 'A', from: 0, to: 100 }]).steps;
    expect(summarize(closed, {})).toEqual([{ serviceId: 'x', served: 1, noShows: 0, expired: 1, meanWaitSec: 0, p90WaitSec: 0, serviceLevel: null }]);
    expect(summarize(closed, { x: 60 })[0]!.serviceLevel).toBe(0.5);
  });
});

describe('random days', () => {
  it('seeded sources repeat themselves', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('draws Poisson arrivals hour by hour, none in a closed hour, in order', () => {
    const rates = [120, 0, 60];
    const times = poissonArrivals((h) => rates[h]!, 3, seededRandom(7));
    expect(times).toEqual([...times].sort((p, q) => p - q));
    expect(times.filter((t) => t >= 3600 && t < 7200)).toHaveLength(0);
    expect(times.every((t) => t >= 0 && t < 3 * 3600)).toBe(true);
    // Over many hours the counts average out to the rate: 100 hours at 120/h, within 3 standard deviations.
    const many = poissonArrivals(() => 120, 100, seededRandom(8));
    expect(Math.abs(many.length - 12_000)).toBeLessThan(3 * Math.sqrt(12_000));
  });
});

interface MMNCase {
  counters: number;
  traffic: number;
  meanServiceSec: number;
  targetSec: number;
  hours: number;
  replications: number;
  seed: number;
}

/**
 * M/M/N replications: Poisson arrivals, exponential service, one procedure, no walk, counters open far beyond
 * the last arrival so nobody expires. Residents who join in the warm-up (the office starting empty) are left out.
 * One seeded stream feeds every replication in turn.
 */
function simulateMMN(o: MMNCase) {
  const warmupSec = 2 * 3600;
  const perHour = (o.traffic * 3600) / o.meanServiceSec;
  const counters: SimCounter[] = Array.from({ length: o.counters }, (_, i) => ({ id: `c${i}`, services: ['x'] }));
  const open = counters.map((c) => ({ counterId: c.id, from: 0, to: (o.hours + 24) * 3600 }));
  const rng = seededRandom(o.seed);
  const serviceSec = randomExponential.source(rng)(1 / o.meanServiceSec);
  let residents = 0;
  let waited = 0;
  let totalWait = 0;
  let inTime = 0;
  for (let r = 0; r < o.replications; r++) {
    const arrivals = poissonArrivals(() => perHour, o.hours, rng);
    const visits = arrivals.map((arrival, i) => visit(`${r}-${i}`, arrival, x(serviceSec())));
    const measured = simulateDay(visits, counters, open, { walkSec: 0 }).steps.filter((s) => s.enteredAt >= warmupSec);
    const [summary] = summarize(measured, { x: o.targetSec });
    residents += summary!.served;
    waited += measured.filter((s) => s.waitSec! > 0).length;
    totalWait += summary!.meanWaitSec! * summary!.served;
    inTime += summary!.serviceLevel! * summary!.served;
  }
  return {
    residents,
    probabilityOfWaiting: waited / residents,
    meanWaitSec: totalWait / residents,
    serviceLevel: inTime / residents,
  };
}

describe('agreement with Erlang C on single-procedure M/M/N days', () => {
  // Tolerances: probability of waiting and service level within 0.02 absolute, mean wait within 10% relative.
  // Over 20 other seeds, runs of this size erred by a root mean square of about 0.005 (Pw, SL) and 3% (mean wait;
  // worst 7.7%), so the bounds sit 3 (mean wait) to 4 standard errors out: a real disagreement fails, chance
  // alone hardly ever would.
  it.each([
    { counters: 3, traffic: 2.4, meanServiceSec: 300, targetSec: 60, hours: 160, replications: 30, seed: 2024 },
    { counters: 10, traffic: 8.5, meanServiceSec: 180, targetSec: 20, hours: 120, replications: 30, seed: 2025 },
  ])('N=$counters, A=$traffic, mean service $meanServiceSec s: 30 replications of $hours hours', (o) => {
    const sim = simulateMMN(o);
    const perHour = (o.traffic * 3600) / o.meanServiceSec;
    expect(sim.residents).toBeGreaterThan(0.9 * perHour * (o.hours - 2) * o.replications);
    expect(Math.abs(sim.probabilityOfWaiting - erlangC(o.counters, o.traffic))).toBeLessThan(0.02);
    expect(Math.abs(sim.meanWaitSec / averageWaitSec(o.counters, perHour, o.meanServiceSec) - 1)).toBeLessThan(0.1);
    expect(Math.abs(sim.serviceLevel - serviceLevel(o.counters, perHour, o.meanServiceSec, o.targetSec))).toBeLessThan(0.02);
  });
});
