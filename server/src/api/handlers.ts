/** What each endpoint does: one line into the module that owns it. */
import type { AccessStore } from '../access/store.js';
import { addDays, calendarDays } from '../calendar/calendar.js';
import {
  withCounter, withGroup, withGroupOrder, withoutCounter, withoutGroup, withPrinter, withoutPrinter, withService, withServiceOrder, withSettings,
} from '../config/edits.js';
import { checkForm } from '../forms/check.js';
import type { Forms } from '../forms/forms.js';
import type { Insights } from '../insights/insights.js';
import type { Notes } from '../notes/notes.js';
import type { KioskLimiter } from '../kiosks/limiter.js';
import type { PrinterConnections } from '../printing/connections.js';
import type { PrintService } from '../printing/service.js';
import { can, JunbanError, type Device, type IssuedVisit, type Language, type PublicView, type Visit } from '@junban/protocol';
import * as queue from '../queue/commands.js';
import type { Office } from '../queue/office.js';
import { noteForbidden, type Reservations } from '../reservations/reservations.js';
import type { ChangeLog } from '../setup/changes.js';
import type { Pairings } from '../setup/pairing.js';
import { exportOffice, importOffice } from '../setup/transfer.js';
import type { Presence } from '../staff/presence.js';
import type { SignInThrottle } from '../access/sign-in-throttle.js';
import type { StatusLinks } from '../visit-status/links.js';
import { statusForToken } from '../visit-status/live.js';
import type { CallContext, Handlers } from './dispatch.js';

export interface HandlerDeps {
  office: Office;
  access: AccessStore;
  reservations: Reservations;
  /** Disconnect a revoked device's open sockets. */
  disconnectDevice(deviceId: string): void;
  /** Tell a device its settings changed. */
  deviceChanged(device: Device): void;
  printing: PrintService;
  printers: PrinterConnections;
  limiter: KioskLimiter;
  links: StatusLinks;
  /** Printers and slowed-down kiosks, as every screen sees them. */
  devicesView(): Pick<PublicView, 'printers' | 'limitedKiosks'>;
  pairings: Pairings;
  presence: Presence;
  changes: ChangeLog;
  /** Close a staff member's open screens (disabled, new role, new password); they connect again as the account is now. */
  disconnectStaff(staffId: string): void;
  /** Close a staff member's open screens whose session has ended (signed out, or their other sessions after a new password). */
  recheckStaff(staffId: string): void;
  /** Wrong passwords, counted per account and address. */
  signInThrottle: SignInThrottle;
  /** The floor guide's pre-filled forms (personal data: encrypted, audited, purged at day close). */
  forms: Forms;
  /** Staff's notes on visits and bookings (personal data, kept like the forms). */
  notes: Notes;
  /** The manager's figures, summed up from the event log. */
  insights: Insights;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { office, access, reservations, disconnectDevice, deviceChanged, printing, printers, limiter, links, devicesView, pairings, presence, changes, disconnectStaff, recheckStaff, signInThrottle, forms, notes, insights } = deps;
  const ok = { ok: true as const };
  // The answer is kept for the call's idempotency key in the same transaction as the change (api/idempotency.ts).
  const act = (ctx: CallContext, command: (d: queue.Draft) => Visit) => ({ visit: office.run(ctx.actor, command, (visit) => ctx.remember?.({ visit })) });
  const kioskOf = (ctx: CallContext) => (ctx.principal?.kind === 'device' && ctx.principal.device === 'kiosk' ? access.deviceById(ctx.principal.id) : null);
  const today = () => office.state.businessDate(office.now());
  /** A visit's forms may be asked for while it is open, and after it closed as long as it had forms (their audit stays). */
  const formsVisit = (visitId: string) => {
    const visit = office.visit(visitId);
    if (!visit && !forms.hasForms(visitId)) throw new JunbanError('visit/not_found', 'No visit with this id.');
    return visit;
  };
  /** Managers and admins may book, but not write a note they may not read back (notes are personal data). */
  const withNoteAllowed = <T extends { note?: string | undefined }>(input: T, ctx: CallContext): T => {
    if (input.note !== undefined && !can(ctx.principal, 'form:write')) throw noteForbidden();
    return input;
  };
  const knownPrinter = (printerId: string | null | undefined) => (printerId && office.config.printers.some((p) => p.id === printerId) ? printerId : null);

  /** Issue through `issue`, then hand the resident their status link and send their ticket to the printer. */
  function issueWithTicket(
    ctx: CallContext, language: Language, chosenPrinter: string | undefined,
    issue: () => Omit<IssuedVisit, 'statusUrl' | 'print'>,
  ): IssuedVisit {
    const kiosk = kioskOf(ctx);
    if (chosenPrinter && !knownPrinter(chosenPrinter)) throw new JunbanError('printer/not_found', `Unknown printer "${chosenPrinter}".`);
    const perMinute = kiosk?.kiosk?.ticketsPerMinute ?? 0;
    if (kiosk) limiter.check(kiosk.id, perMinute, office.now());
    const issued = issue();
    if (kiosk) limiter.count(kiosk.id, perMinute, office.now());
    const printerId = kiosk ? knownPrinter(kiosk.kiosk?.printerId) : (chosenPrinter ?? null);
    const print = printerId ? printing.enqueue({ visit: issued.visit, printerId, kioskId: kiosk?.id ?? null, language, reprint: false }) : null;
    return { ...issued, statusUrl: links.url(issued.visit.id), print };
  }

  return {
    health: () => ({ ok: true, version: office.currentVersion }),
    async login({ username, password }, ctx) {
      if (!ctx.session) throw new JunbanError('input/invalid', 'Sign in over HTTP.');
      const address = ctx.address ?? 'unknown';
      signInThrottle.begin(username, address);
      const { token, principal } = await access.signIn(username, password);
      signInThrottle.succeeded(username, address);
      ctx.session.set(token);
      return principal;
    },
    logout(_, ctx) {
      if (ctx.session?.token) access.signOut(ctx.session.token);
      ctx.session?.clear();
      // This screen's live connection ends with its session (the account's other sessions keep theirs).
      if (ctx.principal?.kind === 'staff') recheckStaff(ctx.principal.id);
      return ok;
    },
    me: (_, ctx) => ctx.principal!,

    publicView: () => ({ ...office.publicView(), ...devicesView() }),
    staffView: () => ({ ...office.staffView(), ...devicesView() }),

    issueVisit: ({ services, assistance, language, printerId }, ctx) =>
      issueWithTicket(ctx, language, printerId, () =>
        office.run(ctx.actor, (d) => queue.issue(d, { services, assistance, language, source: ctx.principal?.kind === 'device' ? 'kiosk' : 'staff' }))),
    issueGuided({ procedures, assistance, language, printerId, acknowledgeWarnings }, ctx) {
      // Checked before anything is written: a refused form leaves no visit, no number used and no ticket.
      forms.assertIssuable(procedures, today(), acknowledgeWarnings);
      return issueWithTicket(ctx, language, printerId, () =>
        office.run(
          ctx.actor,
          (d) => queue.issue(d, { services: procedures.map((p) => p.serviceId), assistance, language, source: 'staff' }),
          // In the visit's own transaction: the number and its forms are stored together or not at all.
          ({ visit }) => forms.create(visit, procedures, ctx.actor),
        ));
    },
    getVisit({ visitId }) {
      const visit = office.visit(visitId);
      if (!visit) throw new JunbanError('visit/not_found', 'No visit with this id.');
      return visit;
    },
    setRemainingSteps: ({ visitId, services }, ctx) => act(ctx, (d) => queue.setRemainingSteps(d, visitId, services)),
    setNote: ({ visitId, note }, ctx) => ({
      // The note itself goes sealed into its own table in the visit's transaction; the visit only says it has one.
      visit: office.run(ctx.actor, (d) => queue.setNote(d, visitId, note.trim() !== ''), (visit) => {
        notes.set('visit', visit.id, visit.businessDate, note, ctx.actor);
        ctx.remember?.({ visit });
      }),
    }),
    visitNote({ visitId }, ctx) {
      if (!office.visit(visitId) && !notes.has('visit', visitId)) throw new JunbanError('visit/not_found', 'No visit with this id.');
      return { note: notes.read('visit', visitId, ctx.actor) };
    },
    noteAudit({ subject, id }) {
      if (subject === 'reservation') return reservations.noteAudit(id);
      const audit = notes.auditOf('visit', id);
      if (!office.visit(id) && audit.length === 0) throw new JunbanError('visit/not_found', 'No visit with this id.');
      return audit;
    },
    cancelVisit: ({ visitId }, ctx) => act(ctx, (d) => queue.cancelVisit(d, visitId)),

    formCatalogue: () =>
      office.config.services.filter((s) => s.active).flatMap((s) => {
        const entry = forms.entry(s.id);
        return entry ? [entry] : [];
      }),
    checkForm({ serviceId, values, documents }) {
      const entry = forms.entry(serviceId);
      if (!entry) throw new JunbanError('form/not_found', `The procedure "${serviceId}" has no form.`);
      return { issues: checkForm(entry, values, documents, today()) };
    },
    visitForms({ visitId }, ctx) {
      const visit = formsVisit(visitId);
      return forms.list(visitId, ctx.actor, today(), visit?.steps.map((s) => s.serviceId));
    },
    updateFormField: ({ visitId, serviceId, field, value }, ctx) => forms.updateField(visitId, serviceId, field, value, ctx.actor, today()),
    formAudit({ visitId }) {
      formsVisit(visitId);
      return forms.auditOf(visitId);
    },

    callNext: ({ counterId }, ctx) => act(ctx, (d) => queue.callNext(d, counterId)),
    callNumber: ({ counterId, number }, ctx) => act(ctx, (d) => queue.callNumber(d, counterId, number)),
    recall: ({ counterId, stepId }, ctx) => act(ctx, (d) => queue.recall(d, counterId, stepId)),
    startServing: ({ counterId, stepId }, ctx) => act(ctx, (d) => queue.startServing(d, counterId, stepId)),
    finish: ({ counterId, stepId }, ctx) => act(ctx, (d) => queue.finish(d, counterId, stepId)),
    transfer: ({ counterId, stepId, services }, ctx) => act(ctx, (d) => queue.finish(d, counterId, stepId, services)),
    noShow: ({ counterId, stepId }, ctx) => act(ctx, (d) => queue.noShow(d, counterId, stepId)),
    hold: ({ counterId, stepId }, ctx) => act(ctx, (d) => queue.hold(d, counterId, stepId)),
    returnHeld: ({ stepId }, ctx) => act(ctx, (d) => queue.returnHeld(d, stepId)),
    requeue: ({ stepId }, ctx) => act(ctx, (d) => queue.requeue(d, stepId)),
    setCounterStatus({ counterId, status }, ctx) {
      office.run(ctx.actor, (d) => queue.setCounterStatus(d, counterId, status), () => ctx.remember?.(ok));
      return ok;
    },

    listReservations: ({ date }) => reservations.list(date),
    createReservation: (input, ctx) => reservations.create(withNoteAllowed(input, ctx), ctx.actor),
    getReservation: ({ reservationId }) => reservations.get(reservationId),
    updateReservation: ({ reservationId, ...change }, ctx) => reservations.update(reservationId, withNoteAllowed(change, ctx), ctx.actor),
    reservationNote: ({ reservationId }, ctx) => reservations.note(reservationId, ctx.actor),
    cancelReservation: ({ reservationId }) => reservations.cancel(reservationId),
    importReservations: ({ csv }, ctx) => reservations.import(csv, ctx.actor, can(ctx.principal, 'form:write')),
    checkIn: ({ code, language }, ctx) => issueWithTicket(ctx, language, undefined, () => reservations.checkIn(code, ctx.actor, language)),

    visitStatus: ({ token }) => statusForToken(office, links, token),
    printers: () => printing.views(),
    reprint: ({ jobId, printerId }) => {
      if (printerId && !knownPrinter(printerId)) throw new JunbanError('printer/not_found', `Unknown printer "${printerId}".`);
      return printing.reprint(jobId, printerId);
    },
    testPrint: ({ printerId }) => printing.testPrint(printerId),
    virtualPrints({ printerId }) {
      const printer = office.config.printers.find((p) => p.id === printerId);
      if (printer?.connection.kind !== 'virtual') throw new JunbanError('printer/not_found', `"${printerId}" is not a virtual printer.`);
      return printers.virtual(printerId, true)!.jobs().map((j) => ({ at: j.at.getTime(), bytes: Buffer.from(j.bytes).toString('base64') })).reverse();
    },
    liftKioskLimit({ deviceId }) {
      if (access.deviceById(deviceId).kind !== 'kiosk') throw new JunbanError('input/invalid', 'Only a kiosk has a ticket limit.');
      limiter.lift(deviceId);
      return ok;
    },

    listEvents: ({ from, to, afterSeq, limit }) => office.eventsAfter(afterSeq, limit, { from, to }),
    insightsServices: (range) => insights.services(range),
    insightsCounters: (range) => insights.counters(range),
    insightsHeatmap: (range) => insights.heatmap(range),
    insightsTrend: (range) => insights.trend(range),
    insightsToday: () => insights.today(),
    staffingForecast: (input) => insights.forecast(input),
    whatIf: (input) => insights.whatIf(input),

    getConfig: () => office.config,
    setSettings: (settings) => office.configure((c) => withSettings(c, settings)),
    reorderServices: ({ ids }) => office.configure((c) => withServiceOrder(c, ids)),
    putService: ({ serviceId, id: _id, ...service }) => office.configure((c) => withService(c, { ...service, id: serviceId })),
    putCounter: ({ counterId, id: _id, ...counter }) => office.configure((c) => withCounter(c, { ...counter, id: counterId })),
    deleteCounter: ({ counterId }) => office.configure((c) => withoutCounter(c, counterId, office.state)),
    putPrinter: ({ printerId, id: _id, ...printer }) => office.configure((c) => withPrinter(c, { ...printer, id: printerId })),
    deletePrinter: ({ printerId }) => office.configure((c) => withoutPrinter(c, printerId)),
    reorderGroups: ({ ids }) => office.configure((c) => withGroupOrder(c, ids)),
    putGroup: ({ groupId, name }) => office.configure((c) => withGroup(c, { id: groupId, name })),
    deleteGroup: ({ groupId }) => office.configure((c) => withoutGroup(c, groupId)),
    calendar({ from, to }) {
      const start = from ?? today();
      return calendarDays(start, to ?? addDays(start, 30), office.config.settings);
    },
    exportConfig: () => exportOffice(office.config, access.listDevices(), office.now()),
    importConfig: ({ file, apply }) => importOffice({ office, access, deviceChanged }, file, apply),
    listChanges: ({ limit, beforeSeq }) => changes.list(limit, beforeSeq),

    startPairing: ({ kind }, ctx) => pairings.start(kind, ctx.address ?? ''),
    pairingState: ({ pairingId }) => pairings.state(pairingId),
    confirmPairing: ({ code, name, display, kiosk }, ctx) =>
      pairings.confirm(ctx.actor, code, (kind) => {
        if (kiosk?.printerId && !knownPrinter(kiosk.printerId)) throw new JunbanError('printer/not_found', `Unknown printer "${kiosk.printerId}".`);
        return access.createDevice(kind, name, { display, kiosk });
      }),

    listDevices: () => access.listDevices(),
    createDevice: ({ kind, name }) => access.createDevice(kind, name),
    revokeDevice({ deviceId }) {
      const device = access.revokeDevice(deviceId);
      disconnectDevice(deviceId);
      return device;
    },
    renameDevice({ deviceId, name }) {
      const device = access.renameDevice(deviceId, name);
      deviceChanged(device);
      return device;
    },
    setDisplaySettings({ deviceId, ...settings }) {
      const device = access.setDisplaySettings(deviceId, settings);
      deviceChanged(device);
      return device;
    },
    setKioskSettings({ deviceId, ...settings }) {
      if (settings.printerId && !knownPrinter(settings.printerId)) throw new JunbanError('printer/not_found', `Unknown printer "${settings.printerId}".`);
      const device = access.setKioskSettings(deviceId, settings);
      deviceChanged(device);
      return device;
    },
    thisDevice(_, ctx) {
      if (ctx.principal?.kind !== 'device') throw new JunbanError('auth/forbidden', 'Only a kiosk or a display has device settings.');
      return access.deviceById(ctx.principal.id);
    },
    reportDisplayStatus(report, ctx) {
      if (ctx.principal?.kind !== 'device' || ctx.principal.device !== 'display') throw new JunbanError('auth/forbidden', 'Only a display reports its sound.');
      return access.reportDisplayStatus(ctx.principal.id, report);
    },
    congestion: () => office.congestion(),
    listStaff: () => access.listStaff().map((a) => ({ ...a, signInLockedUntil: signInThrottle.lockedUntil(a.username) })),
    unlockStaff({ staffId }) {
      signInThrottle.unlock(access.staffById(staffId).username);
      return ok;
    },
    createStaff: (input) => access.createStaff(input),
    staffPresence: () => presence.list(access.listStaff()),
    updateStaff({ staffId, ...change }, ctx) {
      const before = access.staffById(staffId);
      const after = access.updateStaff(staffId, change, ctx.principal?.kind === 'staff' ? ctx.principal.id : null);
      // A socket keeps the role it connected with: a changed role or a disabled account must connect again.
      if (after.disabled !== before.disabled || after.role !== before.role) disconnectStaff(staffId);
      return after;
    },
    async resetPassword({ staffId, password }, ctx) {
      const own = ctx.principal?.kind === 'staff' && ctx.principal.id === staffId;
      await access.resetPassword(staffId, password, own ? ctx.session?.token : undefined);
      if (!own) disconnectStaff(staffId);
      else recheckStaff(staffId);
      return ok;
    },
  };
}
