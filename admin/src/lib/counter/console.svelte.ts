import type { CounterStatus, QueueEntry, Reservation, StaffView, Visit } from '@junban/protocol/screens';
import { call, callOnce, messageOf } from '$lib/api';
import { clock } from '$lib/clock.svelte';
import { live } from '$lib/live.svelte';
import { session } from '$lib/session.svelte';
import { waitingAt } from './StatusConfirm.svelte';
import { say } from '$shared/staff-words';

// Each workstation serves from one counter; it keeps its choice across reloads.
const COUNTER_KEY = 'junban.admin.counterId';
// How many upcoming numbers each queue shows: enough to see who is next, few enough to fit the screen.
const NEXT_SHOWN = 5;
// Should the live view never show a visit just called (it moved on elsewhere at once), "call next" comes back after this.
const JUST_CALLED_MS = 3_000;

/** One thing staff can do at the counter: a button, its key hint and its key are all made from this. */
export interface Action {
  key: string;
  label: string;
  enabled: boolean;
  run: () => void;
  kind?: 'primary' | 'warn';
  /** Only changes this screen, so it need not wait for an action's answer. */
  local?: true;
}

/** One of this counter's procedures as the side column shows it: how many wait, and the next few numbers. */
export interface QueueSummary {
  serviceId: string;
  waiting: number;
  priorityWaiting: number;
  oldestEnteredAt: number | null;
  next: QueueEntry[];
}

/** What a key pressed on the console asks for. */
export type KeyCommand = { kind: 'callNumber' } | { kind: 'return'; name: 'returnHeld' | 'requeue'; stepId: string } | { kind: 'action'; action: Action };

/** A key typed into a field (a note, a number, a list) is the field's: typing must never call anyone. */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/**
 * The console's command for a key, whether or not it can run now; `null` for a key that is not the console's.
 * C goes to the number field; B and Q bring back the first held resident and the first no-show (the lists' top
 * buttons); every other key is an action's.
 */
export function keyCommand(key: string, on: { actions: readonly Action[]; held: readonly QueueEntry[]; noShows: readonly QueueEntry[] }): KeyCommand | null {
  const k = key.toLowerCase();
  if (k === 'c') return { kind: 'callNumber' };
  const back = k === 'b' ? { name: 'returnHeld' as const, entry: on.held[0] } : k === 'q' ? { name: 'requeue' as const, entry: on.noShows[0] } : null;
  if (back?.entry) return { kind: 'return', name: back.name, stepId: back.entry.stepId };
  const action = on.actions.find((a) => a.key === k);
  return action ? { kind: 'action', action } : null;
}

/** The counter's procedures in its own order, each with its waiting count and next numbers. */
export function queuesAt(view: StaffView, serviceIds: readonly string[]): QueueSummary[] {
  return serviceIds.map((serviceId) => {
    const q = view.queues.find((x) => x.serviceId === serviceId);
    const entries = q?.entries ?? [];
    return {
      serviceId,
      waiting: q?.waiting ?? 0,
      priorityWaiting: q?.priorityWaiting ?? 0,
      oldestEnteredAt: q?.oldestEnteredAt ?? null,
      // Documents still being prepared are not called: they wait in the console's own list.
      next: entries.filter((e) => e.state === 'waiting' && e.preparation !== 'preparing').slice(0, NEXT_SHOWN),
    };
  });
}

/** Held or no-show residents of these procedures, the longest waiting first: they come back through this console. */
export function entriesIn(view: StaffView, serviceIds: readonly string[], state: QueueEntry['state']): QueueEntry[] {
  return view.queues
    .filter((q) => serviceIds.includes(q.serviceId))
    .flatMap((q) => q.entries.filter((e) => e.state === state))
    .sort((a, b) => a.enteredAt - b.enteredAt);
}

/** The procedures still to come on a visit, in order. */
export function remainingOf(v: Visit): string[] {
  return v.steps.filter((s) => s.state === 'pending').map((s) => s.serviceId);
}

/** The plan with its `i`-th procedure one place earlier. */
export function movedUp(plan: readonly string[], i: number): string[] {
  if (i <= 0 || i >= plan.length) return [...plan];
  return [...plan.slice(0, i - 1), plan[i]!, plan[i - 1]!, ...plan.slice(i + 1)];
}

/**
 * The counter console's state: which counter this PC works at, the visit there, what staff may do and the keys
 * that do it, the transfer plan being edited, and whether another PC works at the same counter.
 *
 * Create it in the page's script: its effects (loading the current visit's details, reporting this PC's counter,
 * the "just called" guard's timer) live as long as the page. Pure parts are exported above, so they can be read
 * (and tested) without a page.
 */
export class CounterConsole {
  counterId = $state(localStorage.getItem(COUNTER_KEY) ?? '');
  /** An action is waiting for its answer: the others wait, except those that only change this screen. */
  busy = $state(false);
  error = $state<string | null>(null);

  /** The current visit with all its steps, and its booking; the live view only carries its number. */
  visit = $state.raw<Visit | null>(null);
  reservation = $state.raw<Reservation | null>(null);
  detailError = $state<string | null>(null);
  noteDraft = $state('');
  /** The visit's note as stored, and its booking's. Personal data: fetched only for the visit at this counter. */
  savedNote = $state('');
  reservationNote = $state<string | null>(null);
  /** The procedures to come, as the transfer / change-steps panel is editing them. */
  plan = $state<string[]>([]);
  planOpen = $state(false);
  numberToCall = $state('');
  /** The number field, for C to focus it (set with `bind:this`). */
  numberInput: HTMLInputElement | null = null;
  /** Pausing or closing, asked first while people wait for this counter's procedures. */
  confirming = $state<Exclude<CounterStatus, 'open'> | null>(null);
  /** How the step at the counter ended (one of its procedure's outcome codes), as chosen before finishing. */
  outcome = $state('');
  /** Why the counter pauses next (one of the office's pause reasons); empty for none. */
  pauseReason = $state('');
  /** The warning of another screen at this counter, once staff have read it and chosen to stay. */
  sharedSeen = $state<string | null>(null);
  /**
   * A visit we have just called but the live view does not show yet. Until it arrives "call next" stays off,
   * so a quick double press cannot ask for a second visit while the first is still on its way to the screen.
   */
  justCalled = $state<string | null>(null);
  /**
   * Automatic calling (the counter's `autoCallSec`, issue 20): after a finish, when the next call goes by itself,
   * and the visit that was at the counter then (the live view may still show it for a moment). Null: no countdown.
   */
  autoCall = $state<{ at: number; afterKey: string } | null>(null);

  // The layout keeps the live view open while someone is signed in, and shows the printer alerts above this console.
  readonly view = $derived(live.view);
  readonly config = $derived(this.view?.config ?? null);
  /** The counters this account may work at: every one, unless its directory groups name some (the server refuses the rest). */
  readonly counters = $derived((this.config?.counters ?? []).filter((c) => !session.staff?.counters || session.staff.counters.includes(c.id)));
  readonly counter = $derived(this.counters.find((c) => c.id === this.counterId) ?? null);
  readonly counterView = $derived(this.view?.counters.find((c) => c.id === this.counterId) ?? null);
  readonly current = $derived(this.counterView?.current ?? null);
  /** The visit's details, once they are those of the visit at the counter now (not the one before). */
  readonly shownVisit = $derived(this.current && this.visit?.id === this.current.visitId ? this.visit : null);
  readonly queues = $derived(this.counter && this.view ? queuesAt(this.view, this.counter.services) : []);
  // Held and no-show residents of this counter's procedures: they come back through this screen.
  readonly held = $derived(this.counter && this.view ? entriesIn(this.view, this.counter.services, 'held') : []);
  readonly noShows = $derived(this.counter && this.view ? entriesIn(this.view, this.counter.services, 'no_show') : []);
  /** Documents being prepared in the back office for this counter's procedures (the pick-up board's first half). */
  readonly preparing = $derived(
    this.counter && this.view ? entriesIn(this.view, this.counter.services, 'waiting').filter((e) => e.preparation === 'preparing') : [],
  );
  /** Changes only when another visit (or another step of it) comes to this counter, not on every live update. */
  readonly currentKey = $derived(this.current ? `${this.current.visitId}/${this.current.stepId}` : '');
  /** The outcome codes of the procedure at the counter, and whether the office requires one to finish (issue 20). */
  readonly currentService = $derived(this.current ? (this.config?.services.find((s) => s.id === this.current!.serviceId) ?? null) : null);
  readonly outcomes = $derived(this.currentService?.outcomes ?? []);
  readonly outcomeRequired = $derived(!!this.currentService?.outcomeRequired && this.outcomes.length > 0);
  readonly pauseReasons = $derived(this.config?.settings.pauseReasons ?? []);
  // Another PC already reported this counter: two consoles calling to one desk send two residents to it.
  readonly sharedWith = $derived(this.counterId && this.sharedSeen !== this.counterId ? live.alsoHere : []);

  /**
   * Minutes left before the resident called may be marked as a no-show: a resident with the sight need is given
   * longer to reach the counter (the office's setting); 0 for everyone else.
   */
  readonly noShowWaitMinutes = $derived.by(() => {
    const current = this.current;
    if (!current || current.state !== 'called' || !this.shownVisit?.needs?.includes('sight')) return 0;
    const from = current.calledAt + (this.config?.settings.sightNoShowGraceMinutes ?? 3) * 60_000;
    return Math.max(0, Math.ceil((from - clock.now) / 60_000));
  });

  // One list drives the buttons, their shortcut hints and the keyboard: what you see is what the key does.
  readonly actions = $derived<Action[]>([
    {
      key: 'n',
      label: say.counter.actions.callNext(),
      enabled: !this.current && !this.justCalled && this.counterView?.status === 'open',
      run: () => this.callNext(),
      kind: 'primary',
    },
    { key: 'r', label: say.counter.actions.recall(), enabled: this.current?.state === 'called', run: () => this.atCounter('recall') },
    // For a resident who may not hear the chime: the displays flash the call, and their phone vibrates again.
    { key: 'v', label: say.counter.actions.visualCall(), enabled: this.current?.state === 'called', run: () => this.visualCall() },
    { key: 's', label: say.counter.actions.start(), enabled: this.current?.state === 'called', run: () => this.atCounter('startServing'), kind: 'primary' },
    { key: 'f', label: say.counter.actions.finish(), enabled: !!this.current, run: () => this.atCounter('finish'), kind: 'primary' },
    { key: 't', label: say.counter.actions.transfer(), enabled: !!this.current && !!this.visit, run: () => this.togglePlan(), local: true },
    { key: 'h', label: `${say.counter.actions.hold.ja()}/ ${say.counter.actions.hold.en()}`, enabled: !!this.current, run: () => this.atCounter('hold') },
    {
      key: 'x',
      label:
        this.noShowWaitMinutes > 0
          ? `${say.counter.actions.noShowIn.ja({ minutes: this.noShowWaitMinutes })}/ ${say.counter.actions.noShowIn.en({ minutes: this.noShowWaitMinutes })}`
          : say.counter.actions.noShow(),
      enabled: this.current?.state === 'called' && this.noShowWaitMinutes === 0,
      run: () => this.atCounter('noShow'),
      kind: 'warn',
    },
  ]);
  readonly pauseAction = $derived<Action>(
    this.counterView?.status === 'open'
      ? { key: 'p', label: say.counter.actions.pause(), enabled: true, run: () => this.leave('paused') }
      : { key: 'p', label: say.counter.actions.reopen(), enabled: !!this.counterView, run: () => this.setStatus('open'), kind: 'primary' },
  );

  constructor() {
    // Load the visit's details whenever another visit (or another step of it) comes to this counter.
    $effect(() => {
      // Only the key is tracked: `current` itself is a new object on every live update, which must not refetch.
      const visitId = this.currentKey.split('/')[0];
      // Each step ends in its own way: the choice of the one before does not carry over.
      this.outcome = '';
      if (!visitId) {
        this.visit = null;
        this.reservation = null;
        this.planOpen = false;
        return;
      }
      let stale = false;
      void this.#loadDetails(visitId, () => stale);
      return () => {
        stale = true;
      };
    });

    // A counter this account may not work at (a choice kept from another account on this PC) is let go; with only
    // one counter to work at, it is chosen.
    $effect(() => {
      if (!session.staff?.counters || !this.config || this.counter) return;
      const only = this.counters.length === 1 ? this.counters[0]!.id : '';
      if (this.counterId !== only) this.choose(only);
    });

    // Admins see who works at which counter; leaving the console leaves the counter.
    $effect(() => {
      live.atCounter(this.counterId || null);
      return () => live.atCounter(null);
    });

    // The automatic call: once its time comes, call the next resident unless someone is at the counter already, the
    // counter was paused, or nobody waits; any of those ends the countdown.
    $effect(() => {
      const auto = this.autoCall;
      if (!auto) return;
      const key = this.currentKey;
      if ((key && key !== auto.afterKey) || this.counterView?.status !== 'open') {
        this.autoCall = null;
        return;
      }
      const timer = setTimeout(
        () => {
          this.autoCall = null;
          if (!this.current && this.view && this.counter && queuesAt(this.view, this.counter.services).some((q) => q.next.length > 0)) this.callNext();
        },
        Math.max(0, auto.at - Date.now()),
      );
      return () => clearTimeout(timer);
    });

    $effect(() => {
      if (!this.justCalled) return;
      // The key, not `current`: it changes only when the visit does, so live updates do not restart the timer.
      if (this.currentKey.startsWith(`${this.justCalled}/`)) {
        this.justCalled = null;
        return;
      }
      // Should the update never come (the visit moved on elsewhere at once), do not lock the button for good.
      const timer = setTimeout(() => (this.justCalled = null), JUST_CALLED_MS);
      return () => clearTimeout(timer);
    });
  }

  async #loadDetails(visitId: string, stale: () => boolean): Promise<void> {
    try {
      const v = await call('getVisit', { visitId });
      // The view only says a note exists; its text is read (form:read) just for the visit being served.
      const note = v.hasNote ? ((await call('visitNote', { visitId })).note ?? '') : '';
      if (stale()) return;
      this.savedNote = note;
      this.#showVisit(v, true);
      const r = v.reservationId ? await call('getReservation', { reservationId: v.reservationId }) : null;
      this.reservationNote = r?.hasNote ? (await call('reservationNote', { reservationId: r.id })).note : null;
      this.reservation = r;
      this.detailError = null;
    } catch (err) {
      if (!stale()) this.detailError = messageOf(err);
    }
  }

  /** Show a visit's latest state; `fresh` when it has just arrived, so the drafts start from it. */
  #showVisit(v: Visit, fresh: boolean): void {
    this.visit = v;
    if (fresh) {
      this.noteDraft = this.savedNote;
      this.plan = remainingOf(v);
    }
  }

  /** Work at another counter. The page takes the focus off the list, so the keys work at once. */
  choose(id: string): void {
    this.counterId = id;
    this.error = null;
    this.confirming = null;
    this.sharedSeen = null;
    localStorage.setItem(COUNTER_KEY, id);
  }

  /** Staff have read that another PC works at this counter and stay. */
  stayAnyway(): void {
    this.sharedSeen = this.counterId;
  }

  /**
   * Run one action. A refused action (e.g. another counter took the visit a moment ago) changes nothing on the
   * server; we show its message plainly and leave the screen to the live view, which already shows the truth.
   * Actions go through `callOnce`: one whose answer was lost is sent again with its key, and happens once.
   */
  async #act(run: () => Promise<unknown>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const result = await run();
      const v = (result as { visit?: Visit } | undefined)?.visit;
      if (v && v.id === this.visit?.id) this.#showVisit(v, false);
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.busy = false;
    }
  }

  /** Call someone to this counter, and keep "call next" off until the live view shows them here. */
  #callAnd(run: () => Promise<{ visit: Visit }>): void {
    void this.#act(async () => {
      this.justCalled = (await run()).visit.id;
    });
  }

  callNext(): void {
    const counterId = this.counterId;
    this.#callAnd(() => callOnce('callNext', { counterId }));
  }

  callNumber(): void {
    const number = this.numberToCall.trim().toUpperCase();
    if (!number) return;
    const counterId = this.counterId;
    this.#callAnd(async () => {
      const result = await callOnce('callNumber', { counterId, number });
      this.numberToCall = '';
      this.numberInput?.blur();
      return result;
    });
  }

  atCounter(name: 'recall' | 'startServing' | 'finish' | 'noShow' | 'hold'): void {
    const stepId = this.current?.stepId;
    const counterId = this.counterId;
    if (!stepId) return;
    const afterKey = this.currentKey;
    // A finish without the outcome the office requires is refused by the server, which says which to choose.
    const outcome = name === 'finish' && this.outcome ? { outcome: this.outcome } : {};
    void this.#act(async () => {
      const result = await callOnce(name, { counterId, stepId, ...outcome });
      if (name === 'finish') this.#armAutoCall(afterKey);
      return result;
    });
  }

  /** After a finish at a counter set to call by itself: the countdown starts (the clerk may stop it). */
  #armAutoCall(afterKey: string): void {
    const sec = this.counter?.autoCallSec;
    if (sec) this.autoCall = { at: Date.now() + sec * 1000, afterKey };
  }

  /** One tap stops the countdown: the clerk calls the next resident when ready. */
  stopAutoCall(): void {
    this.autoCall = null;
  }

  /** Documents prepared in the back office are ready: the number goes on the pick-up board. */
  markReady(entry: QueueEntry): void {
    void this.#act(() => callOnce('markReady', { stepId: entry.stepId }));
  }

  visualCall(): void {
    const stepId = this.current?.stepId;
    const counterId = this.counterId;
    if (stepId) void this.#act(() => callOnce('recall', { counterId, stepId, visual: true }));
  }

  setStatus(status: CounterStatus): void {
    this.confirming = null;
    const counterId = this.counterId;
    const reason = status === 'paused' && this.pauseReason ? { reason: this.pauseReason } : {};
    void this.#act(() => callOnce('setCounterStatus', { counterId, status, ...reason }));
  }

  /** Pause or close; with people waiting for this counter's procedures, say first what happens to them. */
  leave(status: Exclude<CounterStatus, 'open'>): void {
    if (this.view && waitingAt(this.view, this.counterId).length > 0) this.confirming = status;
    else this.setStatus(status);
  }

  /** The first held resident back in line (B). */
  returnHeld(entry: QueueEntry): void {
    void this.#act(() => callOnce('returnHeld', { stepId: entry.stepId }));
  }

  /** A resident who took their number from a phone is here (their phone cannot show the code, say): called in turn from now. */
  checkIn(entry: QueueEntry): void {
    void this.#act(() => callOnce('checkInVisit', { visitId: entry.visitId }));
  }

  /** A resident who did not come back in line (Q). */
  requeue(entry: QueueEntry): void {
    void this.#act(() => callOnce('requeue', { stepId: entry.stepId }));
  }

  saveNote(): void {
    const visitId = this.visit?.id;
    const note = this.noteDraft.trim();
    if (visitId)
      void this.#act(async () => {
        const result = await callOnce('setNote', { visitId, note });
        this.savedNote = note;
        return result;
      });
  }

  togglePlan(): void {
    this.planOpen = !this.planOpen;
    if (this.planOpen && this.visit) this.plan = remainingOf(this.visit);
  }

  /** Finish this step and send the resident on to the plan's procedures. */
  transfer(): void {
    const stepId = this.current?.stepId;
    const counterId = this.counterId;
    const services = [...this.plan];
    const afterKey = this.currentKey;
    const outcome = this.outcome ? { outcome: this.outcome } : {};
    if (stepId && services.length > 0)
      void this.#act(async () => {
        const result = await callOnce('transfer', { counterId, stepId, services, ...outcome });
        this.#armAutoCall(afterKey);
        return result;
      });
  }

  /** Change what comes next without finishing this step. */
  changeRemaining(): void {
    const visitId = this.visit?.id;
    const services = [...this.plan];
    if (visitId) void this.#act(() => callOnce('setRemainingSteps', { visitId, services }));
  }

  /** The console's keys; ignored while typing, with a modifier, or held down. */
  keydown(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || !this.counterView) return;
    // Typing a note or a number must never call anyone.
    if (isTyping(event.target)) return;
    const command = keyCommand(event.key, { actions: [...this.actions, this.pauseAction], held: this.held, noShows: this.noShows });
    if (!command) return;
    event.preventDefault();
    if (command.kind === 'callNumber') this.numberInput?.focus();
    else if (command.kind === 'return') {
      const { name, stepId } = command;
      if (!this.busy) void this.#act(() => callOnce(name, { stepId }));
    } else if (command.action.enabled && (!this.busy || command.action.local)) command.action.run();
  }

  serviceName(serviceId: string): string {
    const service = this.config?.services.find((s) => s.id === serviceId);
    return service ? `${service.name.ja} / ${service.name.en}` : serviceId;
  }

  shortServiceName(serviceId: string): string {
    return this.config?.services.find((s) => s.id === serviceId)?.name.ja ?? serviceId;
  }
}
