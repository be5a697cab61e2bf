/**
 * Every transition of a visit, as pure functions over a Draft. A command reads the state, changes clones of the
 * visits it touches and logs what happened; nothing is stored or published until the caller commits the draft.
 */
import { randomUUID } from 'node:crypto';
import { JunbanError, type Counter, type CounterStatus, type Language, type Need, type Step, type Visit } from '@junban/protocol';
import { assertTakingNumbers } from '../calendar/taking-numbers.js';
import { cutOffMessage } from './cut-off.js';
import type { NewEvent, NewEventOf } from '../event-log/event-log.js';
import { currentStep, isOpenStep, type Change, type QueueState } from './state.js';
import type { QueuedStep } from './ordering.js';

type CounterEvent = NewEventOf<'counter_opened' | 'counter_paused' | 'counter_closed'>;
/**
 * What a command says happened to a step: its type, its data, and the counter for the types done at one. The draft
 * adds the time, the actor, the visit and the step.
 */
export type StepLog =
  Exclude<NewEvent, CounterEvent> extends infer E
    ? E extends NewEvent
      ? Omit<E, 'at' | 'businessDate' | 'actor' | 'visitId' | 'number' | 'stepId' | 'serviceId'>
      : never
    : never;

export class Draft {
  readonly businessDate: string;
  private readonly touched = new Map<string, Visit>();
  private readonly events: NewEvent[] = [];
  private sequence: Change['sequence'];
  private counterStatus: Change['counterStatus'];

  constructor(
    readonly state: QueueState,
    readonly now: number,
    readonly actor: string,
    readonly newId: () => string = randomUUID,
  ) {
    this.businessDate = state.businessDate(now);
  }

  /** A visit to change: a private copy, so the state is untouched until commit. */
  visit(visitId: string): Visit {
    let v = this.touched.get(visitId);
    if (!v) {
      const original = this.state.visits.get(visitId);
      if (!original) throw new JunbanError('visit/not_found', 'No open visit with this id.');
      this.touched.set(visitId, (v = structuredClone(original)));
    }
    return v;
  }

  step(stepId: string): { visit: Visit; step: Step } {
    const found = this.state.findStep(stepId);
    if (!found) throw new JunbanError('step/not_found', 'No open step with this id.');
    const visit = this.visit(found.visit.id);
    return { visit, step: visit.steps.find((s) => s.id === stepId)! };
  }

  add(visit: Visit): void {
    this.touched.set(visit.id, visit);
  }

  nextNumber(prefix: string): string {
    const last = (this.sequence?.prefix === prefix ? this.sequence.last : this.state.lastNumber(this.businessDate, prefix)) + 1;
    this.sequence = { businessDate: this.businessDate, prefix, last };
    return `${prefix}${last}`;
  }

  setCounterStatus(counterId: string, status: CounterStatus): void {
    this.counterStatus = { counterId, status };
  }

  /** Log what happened to a step of a visit. A step still at a counter names it unless `what` does. */
  log(visit: Visit, step: Step, what: StepLog): void {
    const counterId = step.counterId ? { counterId: step.counterId } : {};
    this.events.push({
      at: this.now,
      businessDate: visit.businessDate,
      actor: this.actor,
      visitId: visit.id,
      number: visit.number,
      stepId: step.id,
      serviceId: step.serviceId,
      ...counterId,
      ...what,
    });
  }

  /** Log that a counter opened, paused (with the reason given, if any) or closed. */
  logCounter(type: CounterEvent['type'], counterId: string, reason?: string): void {
    const base = { at: this.now, businessDate: this.businessDate, actor: this.actor, counterId };
    this.events.push(type === 'counter_paused' && reason !== undefined ? { ...base, type, data: { reason } } : { ...base, type });
  }

  change(): Change {
    const c: Change = { visits: [...this.touched.values()], events: this.events };
    if (this.sequence) c.sequence = this.sequence;
    if (this.counterStatus) c.counterStatus = this.counterStatus;
    return c;
  }
}

const seconds = (ms: number) => Math.round(ms / 1000);

function service(d: Draft, serviceId: string) {
  const s = d.state.config.services.find((x) => x.id === serviceId);
  if (!s) throw new JunbanError('office/unknown_service', `Unknown procedure "${serviceId}".`);
  return s;
}

function openServices(d: Draft, serviceIds: readonly string[]): void {
  for (const id of serviceIds) {
    if (!service(d, id).active) throw new JunbanError('office/service_closed', `The procedure "${id}" is closed today.`);
  }
}

function counter(d: Draft, counterId: string): Counter {
  const c = d.state.config.counters.find((x) => x.id === counterId);
  if (!c) throw new JunbanError('office/unknown_counter', `Unknown counter "${counterId}".`);
  return c;
}

/** Put a step at the back of its service's queue; answers where it stands, with the estimate it is given. */
function enqueue(d: Draft, visit: Visit, step: Step, priorityFrom?: number): { peopleAhead: number; estimateSec: number | null } {
  step.state = 'waiting';
  step.enteredAt = d.now;
  // Documents prepared in the back office: the step waits without a counter until staff mark them ready.
  if (service(d, step.serviceId).preparation) step.preparation = 'preparing';
  if (visit.assistance) step.priorityFrom = d.now;
  else if (priorityFrom !== undefined) step.priorityFrom = priorityFrom;
  const place = d.state.placeOf({ visit, step }, d.now);
  step.estimateSec = place.estimateSec;
  return place;
}

/** After a step ends, the visit moves on to its next procedure with the same number. */
function advance(d: Draft, visit: Visit): void {
  const next = visit.steps.find((s) => s.state === 'pending');
  if (!next) return;
  if (visit.businessDate < d.state.servingFrom(d.now)) {
    // The day this visit belongs to has closed: nothing is called for it any more.
    for (const s of visit.steps.filter((x) => x.state === 'pending')) {
      s.state = 'expired';
      d.log(visit, s, { type: 'expired', data: { was: 'pending' } });
    }
    return;
  }
  enqueue(d, visit, next);
  d.log(visit, next, { type: 'queued', data: { estimateSec: next.estimateSec ?? null } });
}

function newSteps(d: Draft, serviceIds: readonly string[]): Step[] {
  return serviceIds.map((serviceId) => ({ id: d.newId(), serviceId, state: 'pending', calls: 0 }));
}

export interface IssueInput {
  services: readonly string[];
  assistance: boolean;
  /** What the resident needs to be served (./needs.ts); none when absent. */
  needs?: readonly Need[];
  source: Visit['source'];
  language?: Language;
  reservation?: { id: string; priorityFrom?: number };
}

export function issue(d: Draft, input: IssueInput): { visit: Visit; peopleAhead: number; estimateSec: number | null } {
  // Every way to a number (kiosk, staff, reservation check-in) comes through here, so a closed day or hour refuses
  // them all (unless the office is open for trying).
  assertTakingNumbers(d.now, d.state.config.settings, d.businessDate);
  openServices(d, input.services);
  // A resident at the kiosk or on a phone is refused once a procedure is cut off; staff (a guide helping someone who
  // came in time) and booked visits are not: the booking was the promise.
  if (input.source === 'kiosk' || input.source === 'remote') {
    for (const id of input.services) {
      const why = d.state.cutOff(id, d.now);
      if (why) throw new JunbanError('queue/cut_off', cutOffMessage(id, why));
    }
  }
  const first = service(d, input.services[0]!);
  const visit: Visit = {
    id: d.newId(),
    businessDate: d.businessDate,
    number: d.nextNumber(first.prefix),
    issuedAt: d.now,
    source: input.source,
    assistance: input.assistance,
    steps: newSteps(d, input.services),
  };
  if (input.reservation) visit.reservationId = input.reservation.id;
  if (input.language) visit.language = input.language;
  if (input.needs?.length) visit.needs = [...new Set(input.needs)];
  const step = visit.steps[0]!;
  const place = enqueue(d, visit, step, input.reservation?.priorityFrom);
  d.add(visit);
  d.log(visit, step, {
    type: 'issued',
    data: {
      services: [...input.services],
      source: input.source,
      assistance: input.assistance,
      priority: step.priorityFrom !== undefined,
      peopleAhead: place.peopleAhead,
      estimateSec: place.estimateSec,
    },
  });
  return { visit, ...place };
}

function ensureFree(d: Draft, counterId: string): Counter {
  const c = counter(d, counterId);
  if (d.state.statusOf(counterId) !== 'open') throw new JunbanError('counter/not_open', 'This counter is paused or closed; open it first.');
  const here = d.state.at(counterId);
  if (here) {
    throw new JunbanError('counter/busy', `${here.visit.number} is still at this counter: finish, hold or mark it as a no-show first.`);
  }
  return c;
}

function call(d: Draft, counterId: string, target: QueuedStep): Visit {
  const { visit, step } = d.step(target.step.id);
  const priority = step.priorityFrom !== undefined && step.priorityFrom <= d.now;
  step.state = 'called';
  step.counterId = counterId;
  step.calledAt = d.now;
  step.calls += 1;
  d.log(visit, step, { type: 'called', counterId, data: { waitSec: seconds(d.now - step.enteredAt!), priority, calls: step.calls, ...languageOf(visit) } });
  return visit;
}

export function callNext(d: Draft, counterId: string): Visit {
  const c = ensureFree(d, counterId);
  const next = d.state.nextFor(c, d.now);
  if (!next) throw new JunbanError('queue/empty', 'Nobody is waiting for this counter’s procedures.');
  return call(d, counterId, next);
}

export function callNumber(d: Draft, counterId: string, number: string): Visit {
  const c = ensureFree(d, counterId);
  const wanted = number.trim().toUpperCase();
  const target = d.state.findWaiting(c.services, wanted, d.now);
  if (!target) throw new JunbanError('step/not_found', `${wanted} is not waiting for this counter’s procedures.`);
  return call(d, counterId, target);
}

/** How a step this counter already ended is described to a counter that sends its action again. */
const ENDED_HERE: Partial<Record<Step['state'], string>> = { done: 'already finished', no_show: 'already marked as a no-show' };

/**
 * The step must be the one this counter holds right now; otherwise the action lost a race and changes nothing.
 * A step this counter has just ended is 'wrong_state', not 'other_counter': that answer reaches a counter that sent
 * its finish or no-show again because the first answer was lost, and must tell it the action is done.
 */
function atThisCounter(d: Draft, counterId: string, stepId: string, allowed: readonly Step['state'][]) {
  counter(d, counterId);
  const ended = d.state.findStep(stepId) ?? d.state.findClosedStep(stepId);
  const endedHere = ended?.step.counterId === counterId ? ENDED_HERE[ended.step.state] : undefined;
  if (ended && endedHere) throw new JunbanError('step/wrong_state', `${ended.visit.number} was ${endedHere} at this counter.`);
  const { visit, step } = d.step(stepId);
  if (step.counterId !== counterId || (step.state !== 'called' && step.state !== 'serving')) {
    const where = step.state === 'called' || step.state === 'serving' ? ` It is at counter ${step.counterId}.` : '';
    throw new JunbanError('step/other_counter', `${visit.number} is not at this counter any more.${where}`);
  }
  if (!allowed.includes(step.state)) throw new JunbanError('step/wrong_state', `${visit.number} is ${step.state}; that action does not apply.`);
  return { visit, step };
}

/** Call again; `visual` asks the displays to flash the call, for a resident who may not hear the chime. */
export function recall(d: Draft, counterId: string, stepId: string, visual = false): Visit {
  const { visit, step } = atThisCounter(d, counterId, stepId, ['called']);
  step.calls += 1;
  step.calledAt = d.now;
  d.log(visit, step, { type: 'recalled', counterId, data: { calls: step.calls, ...(visual ? { visual: true as const } : {}), ...languageOf(visit) } });
  return visit;
}

/** Minutes after a call before a resident with the sight need may be marked as a no-show, unless the office says. */
export const SIGHT_NO_SHOW_GRACE_MINUTES = 3;

/** From when the counter may mark this called resident as a no-show: later for the sight need (they may take longer to come). */
export function noShowFrom(visit: Visit, step: Step, settings: { sightNoShowGraceMinutes?: number | undefined }): number {
  const grace = visit.needs?.includes('sight') ? (settings.sightNoShowGraceMinutes ?? SIGHT_NO_SHOW_GRACE_MINUTES) : 0;
  return step.calledAt! + grace * 60_000;
}

export function startServing(d: Draft, counterId: string, stepId: string): Visit {
  const { visit, step } = atThisCounter(d, counterId, stepId, ['called']);
  step.state = 'serving';
  step.startedAt = d.now;
  d.log(visit, step, { type: 'started', counterId, data: { walkSec: seconds(d.now - step.calledAt!) } });
  return visit;
}

/**
 * The outcome code a finish gives, checked against the procedure's: one it does not list is refused, and so is none
 * where the office requires one (issue 20). A procedure removed from the setup since the call takes any or none.
 */
function checkedOutcome(d: Draft, visit: Visit, step: Step, outcome: string | undefined): string | undefined {
  const service = d.state.config.services.find((s) => s.id === step.serviceId);
  const codes = service?.outcomes ?? [];
  if (outcome === undefined) {
    if (service?.outcomeRequired && codes.length > 0) {
      throw new JunbanError(
        'step/outcome_required',
        `${visit.number}: choose how ${service.name.en} ended (${codes.map((c) => c.code).join(', ')}) before finishing.`,
      );
    }
    return undefined;
  }
  if (service && !codes.some((c) => c.code === outcome)) {
    throw new JunbanError('step/unknown_outcome', `${outcome} is not an outcome of ${service.name.en}.`);
  }
  return outcome;
}

/**
 * Finish the step; `next`, when given, replaces the procedures still to come (a transfer). `outcome` is how the step
 * ended, one of its procedure's codes (required where the office says so).
 */
export function finish(d: Draft, counterId: string, stepId: string, next?: readonly string[], outcome?: string): Visit {
  if (next) openServices(d, next);
  const { visit, step } = atThisCounter(d, counterId, stepId, ['called', 'serving']);
  const code = checkedOutcome(d, visit, step, outcome);
  step.state = 'done';
  step.endedAt = d.now;
  const serviceSec = seconds(d.now - (step.startedAt ?? step.calledAt!));
  d.log(visit, step, { type: 'finished', counterId, data: code === undefined ? { serviceSec } : { serviceSec, outcome: code } });
  if (next) {
    visit.steps = [...visit.steps.filter((s) => s.state !== 'pending'), ...newSteps(d, next)];
    d.log(visit, step, { type: 'transferred', counterId, data: { services: [...next] } });
  }
  advance(d, visit);
  return visit;
}

export function noShow(d: Draft, counterId: string, stepId: string): Visit {
  const { visit, step } = atThisCounter(d, counterId, stepId, ['called']);
  const from = noShowFrom(visit, step, d.state.config.settings);
  if (d.now < from) {
    const wait = Math.ceil((from - d.now) / 60_000);
    throw new JunbanError(
      'step/too_soon',
      `${visit.number} may take longer to reach the counter (sight): wait ${wait} more minute${wait === 1 ? '' : 's'} before marking a no-show, or call again.`,
    );
  }
  step.state = 'no_show';
  step.endedAt = d.now;
  d.log(visit, step, { type: 'no_show', counterId, data: { calls: step.calls } });
  return visit;
}

export function hold(d: Draft, counterId: string, stepId: string): Visit {
  const { visit, step } = atThisCounter(d, counterId, stepId, ['called', 'serving']);
  step.state = 'held';
  d.log(visit, step, { type: 'held', counterId });
  delete step.counterId;
  return visit;
}

/** Back in the queue from a hold or a no-show, ahead of everyone who arrived after them. */
function backInQueue(d: Draft, stepId: string, from: Step['state'], type: 'returned' | 'requeued'): Visit {
  const { visit, step } = d.step(stepId);
  if (step.state !== from) throw new JunbanError('step/wrong_state', `${visit.number} is ${step.state}, not ${from}.`);
  if (visit.businessDate < d.state.servingFrom(d.now)) throw new JunbanError('step/wrong_state', `${visit.number} belongs to a day that has closed.`);
  step.state = 'waiting';
  delete step.counterId;
  delete step.endedAt;
  d.log(visit, step, { type });
  return visit;
}

export const returnHeld = (d: Draft, stepId: string) => backInQueue(d, stepId, 'held', 'returned');
export const requeue = (d: Draft, stepId: string) => backInQueue(d, stepId, 'no_show', 'requeued');

/** Documents prepared in the back office are ready: the number goes on the pick-up board and a counter may call it. */
export function markReady(d: Draft, stepId: string): Visit {
  const { visit, step } = d.step(stepId);
  if (step.state !== 'waiting' || step.preparation !== 'preparing') {
    throw new JunbanError('step/wrong_state', `${visit.number} is not waiting for documents to be prepared.`);
  }
  step.preparation = 'ready';
  d.log(visit, step, { type: 'ready', data: { prepareSec: seconds(d.now - step.enteredAt!) } });
  return visit;
}

export function setRemainingSteps(d: Draft, visitId: string, services: readonly string[]): Visit {
  openServices(d, services);
  const visit = d.visit(visitId);
  const current = currentStep(visit);
  if (!current) throw new JunbanError('step/wrong_state', `${visit.number} has no step left to change.`);
  visit.steps = [...visit.steps.filter((s) => s.state !== 'pending'), ...newSteps(d, services)];
  d.log(visit, current, { type: 'steps_changed', data: { services: [...services] } });
  return visit;
}

/** Mark whether the visit has a note; the note itself is kept sealed apart from the visit (notes/notes.ts). */
export function setNote(d: Draft, visitId: string, hasNote: boolean): Visit {
  const visit = d.visit(visitId);
  if (hasNote) visit.hasNote = true;
  else delete visit.hasNote;
  return visit;
}

/** `released`: a remote number's place given up because its resident did not check in (remote/places.ts). */
export function cancelVisit(d: Draft, visitId: string, why?: { released: true }): Visit {
  const visit = d.visit(visitId);
  for (const s of visit.steps.filter(isOpenStep)) {
    s.state = 'cancelled';
    s.endedAt = d.now;
    delete s.counterId;
    d.log(visit, s, why ? { type: 'cancelled', data: why } : { type: 'cancelled' });
  }
  return visit;
}

/** `reason`: why a counter pauses, one of the office's pause reasons (ignored for open and close). */
export function setCounterStatus(d: Draft, counterId: string, status: CounterStatus, reason?: string): void {
  counter(d, counterId);
  const reasons = d.state.config.settings.pauseReasons ?? [];
  if (status === 'paused' && reason !== undefined && !reasons.some((r) => r.code === reason)) {
    throw new JunbanError('counter/unknown_reason', `${reason} is not one of the office's pause reasons.`);
  }
  if (d.state.statusOf(counterId) === status) return;
  if (status !== 'open' && d.state.at(counterId)) {
    throw new JunbanError('counter/busy', `${d.state.at(counterId)!.visit.number} is still at this counter: finish or hold it first.`);
  }
  d.setCounterStatus(counterId, status);
  d.logCounter(
    status === 'open' ? 'counter_opened' : status === 'paused' ? 'counter_paused' : 'counter_closed',
    counterId,
    status === 'paused' ? reason : undefined,
  );
}

/**
 * Close days that have ended: whoever still waits, is held, missed their call or has steps to come expires.
 * A day that has just closed is still served (state.ts `servingFrom`) until local midnight; a resident already called
 * or being served is left to the counter to finish.
 */
export function closeEndedDays(d: Draft): void {
  const servingFrom = d.state.servingFrom(d.now);
  for (const original of d.state.visits.values()) {
    if (original.businessDate >= servingFrom) continue;
    const current = currentStep(original);
    if (current && (current.state === 'called' || current.state === 'serving')) continue;
    const visit = d.visit(original.id);
    for (const s of visit.steps.filter(isOpenStep)) {
      const was = s.state;
      s.state = 'expired';
      d.log(visit, s, { type: 'expired', data: { was } });
    }
  }
}

/** A call carries the resident's language to the display (only the call: the display keeps no visit). */
const languageOf = (visit: Visit) => (visit.language ? { language: visit.language } : {});
