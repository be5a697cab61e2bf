/**
 * Remote numbers (joining from a phone through the city), as pure commands on a draft like the rest of the queue.
 * A remote number is an ordinary visit: it takes its place in the line when issued, but no counter calls it until
 * its resident checks in (queue/ordering.ts `awaitsCheckIn`). Not checked in by its arrive-by time and grace, the
 * place is released; the resident is warned shortly before.
 */
import { JunbanError, type Language, type Need, type RemoteRule, type Visit } from '@junban/protocol';
import { instantOf } from '../queue/business-day.js';
import { cancelVisit, issue, type Draft } from '../queue/commands.js';
import { currentStep } from '../queue/state.js';

const MIN = 60_000;
/** The least time a resident is given to come in, however short the wait. */
export const MIN_TRAVEL_MIN = 15;
/** Arrive-by falls this long before the estimated call: time to check in and find the counter. */
const BEFORE_CALL_MIN = 10;
/** "Come by … or your place is released" goes out this long before arrive-by. */
export const WARN_BEFORE_MIN = 10;
/** A postponed place is given this much longer. */
export const POSTPONE_MIN = 30;

/** Remote numbers of one procedure already issued: in the last hour, and today. */
export interface RemoteCounts {
  lastHour: number;
  today: number;
}

/** When a resident joining now must be in: before their estimated call, given at least MIN_TRAVEL_MIN, at most the rule's limit. */
export function arriveByFor(now: number, estimateSec: number | null, rule: Pick<RemoteRule, 'maxTravelMin'>): number {
  const untilCall = estimateSec === null ? Infinity : estimateSec * 1000 - BEFORE_CALL_MIN * MIN;
  return now + Math.min(rule.maxTravelMin * MIN, Math.max(MIN_TRAVEL_MIN * MIN, untilCall));
}

/** Remote numbers in a procedure's waiting line now, checked in or not. */
function remoteWaiting(d: Draft, serviceId: string): number {
  let n = 0;
  for (const v of d.state.visits.values()) {
    const step = currentStep(v);
    if (v.remote && v.businessDate === d.businessDate && step?.serviceId === serviceId && step.state === 'waiting') n += 1;
  }
  return n;
}

/** Whether one more remote number of this procedure fits now, by the city's rule; throws why not. */
export function admit(d: Draft, serviceId: string, rule: RemoteRule | undefined, counts: RemoteCounts): void {
  if (!rule?.enabled) throw new JunbanError('remote/closed', 'This procedure cannot be joined from a phone at this office.');
  if (counts.lastHour >= rule.perHour || counts.today >= rule.perDay) {
    throw new JunbanError('remote/full', 'The numbers for joining from a phone are taken for now: come in person, or try again later.');
  }
  const { waiting, estimateSec } = d.state.summary(serviceId, d.now, null);
  // Remote numbers may hold at most (1 − share) of the line once this one joins; the first always fits.
  const allowed = Math.max(1, Math.floor((1 - rule.walkInShare) * (waiting + 1)));
  if (remoteWaiting(d, serviceId) + 1 > allowed) {
    throw new JunbanError('remote/full', 'The rest of the line is kept for residents who come in person: come in, or try again later.');
  }
  if (estimateSec === null) throw new JunbanError('remote/closed', 'No counter is open for this procedure just now.');
  const { hours, timeZone, openForTrying } = d.state.config.settings;
  const closing = instantOf(d.businessDate, hours.close, timeZone);
  // An office open for trying (the demo, a trainer's evening) takes numbers at any hour, remote ones too.
  if (!openForTrying && d.now + estimateSec * 1000 > closing - rule.stopBeforeCloseMin * MIN) {
    throw new JunbanError('remote/closed', 'Joining from a phone has stopped for today: the wait would run too close to closing.');
  }
}

export interface RemoteIssue {
  serviceId: string;
  language: Language;
  needs?: readonly Need[] | undefined;
  rule: RemoteRule | undefined;
  counts: RemoteCounts;
  /** The check-in code, made by the caller (random) and unique among open visits. */
  code: string;
}

/** A number taken from a phone: admitted by the rule, issued like any other, holding its place until check-in. */
export function issueRemote(d: Draft, input: RemoteIssue) {
  admit(d, input.serviceId, input.rule, input.counts);
  const issued = issue(d, { services: [input.serviceId], assistance: false, source: 'remote', language: input.language, needs: input.needs ?? [] });
  const arriveBy = arriveByFor(d.now, issued.estimateSec, input.rule!);
  issued.visit.remote = { code: input.code, arriveBy, releaseAt: arriveBy + input.rule!.graceMin * MIN };
  return issued;
}

function remoteOf(visit: Visit) {
  if (!visit.remote) throw new JunbanError('step/wrong_state', `${visit.number} was not taken from a phone.`);
  return visit.remote;
}

/** The resident is here (the kiosk read their code, or staff checked them in): from now on they are called in turn. */
export function checkIn(d: Draft, visitId: string): Visit {
  const visit = d.visit(visitId);
  const remote = remoteOf(visit);
  if (remote.checkedInAt !== undefined) throw new JunbanError('reservation/used', `${visit.number} is already checked in.`);
  const step = currentStep(visit)!;
  remote.checkedInAt = d.now;
  d.log(visit, step, { type: 'checked_in', data: { lateSec: Math.max(0, Math.round((d.now - remote.arriveBy) / 1000)) } });
  return visit;
}

/** Once per number: to the end of its line, with a later arrive-by (and release). */
export function postpone(d: Draft, visitId: string): Visit {
  const visit = d.visit(visitId);
  const remote = remoteOf(visit);
  if (remote.postponed) throw new JunbanError('remote/postponed_once', `${visit.number} was postponed once already.`);
  const step = currentStep(visit)!;
  if (step.state !== 'waiting') throw new JunbanError('step/wrong_state', `${visit.number} is ${step.state}: it can no longer be postponed.`);
  // The line is kept in order of entering it: entering again now is the end of the line.
  step.enteredAt = d.now;
  const grace = remote.releaseAt - remote.arriveBy;
  remote.arriveBy = Math.max(remote.arriveBy, d.now) + POSTPONE_MIN * MIN;
  remote.releaseAt = remote.arriveBy + grace;
  remote.postponed = true;
  delete remote.warned;
  d.log(visit, step, { type: 'postponed', data: { arriveBy: remote.arriveBy } });
  return visit;
}

/**
 * On each tick: warn residents whose arrive-by is near, and release the places of those past it and its grace. A
 * resident staff already called (by number) is left to the counter.
 */
export function releaseLate(d: Draft): void {
  for (const original of d.state.visits.values()) {
    const r = original.remote;
    if (!r || r.checkedInAt !== undefined || r.released || currentStep(original)?.state !== 'waiting') continue;
    if (d.now >= r.releaseAt) {
      const visit = cancelVisit(d, original.id, { released: true });
      visit.remote!.released = true;
    } else if (!r.warned && d.now >= r.arriveBy - WARN_BEFORE_MIN * MIN) {
      d.visit(original.id).remote!.warned = true;
    }
  }
}
