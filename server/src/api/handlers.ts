/** What each endpoint does: one line into the module that owns it. */
import type { AccessStore } from '../access/store.js';
import { withCounter, withoutCounter, withService, withSettings } from '../config/edits.js';
import { JunbanError, type Device, type Visit } from '../protocol/index.js';
import * as queue from '../queue/commands.js';
import type { Office } from '../queue/office.js';
import type { Reservations } from '../reservations/reservations.js';
import type { CallContext, Handlers } from './dispatch.js';

export interface HandlerDeps {
  office: Office;
  access: AccessStore;
  reservations: Reservations;
  /** Disconnect a revoked device's open sockets. */
  disconnectDevice(deviceId: string): void;
  /** Tell a device its settings changed. */
  deviceChanged(device: Device): void;
}

export function createHandlers({ office, access, reservations, disconnectDevice, deviceChanged }: HandlerDeps): Handlers {
  const ok = { ok: true as const };
  const act = (ctx: CallContext, command: (d: queue.Draft) => Visit) => ({ visit: office.run(ctx.actor, command) });

  return {
    health: () => ({ ok: true, version: office.currentVersion }),
    async login({ username, password }, ctx) {
      if (!ctx.session) throw new JunbanError('input/invalid', 'Sign in over HTTP.');
      const { token, principal } = await access.signIn(username, password);
      ctx.session.set(token);
      return principal;
    },
    logout(_, ctx) {
      if (ctx.session?.token) access.signOut(ctx.session.token);
      ctx.session?.clear();
      return ok;
    },
    me: (_, ctx) => ctx.principal!,

    publicView: () => office.publicView(),
    staffView: () => office.staffView(),

    issueVisit: ({ services, assistance }, ctx) =>
      office.run(ctx.actor, (d) => queue.issue(d, { services, assistance, source: ctx.principal?.kind === 'device' ? 'kiosk' : 'staff' })),
    getVisit({ visitId }) {
      const visit = office.visit(visitId);
      if (!visit) throw new JunbanError('visit/not_found', 'No visit with this id.');
      return visit;
    },
    setRemainingSteps: ({ visitId, services }, ctx) => act(ctx, (d) => queue.setRemainingSteps(d, visitId, services)),
    setNote: ({ visitId, note }, ctx) => act(ctx, (d) => queue.setNote(d, visitId, note)),
    cancelVisit: ({ visitId }, ctx) => act(ctx, (d) => queue.cancelVisit(d, visitId)),

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
      office.run(ctx.actor, (d) => queue.setCounterStatus(d, counterId, status));
      return ok;
    },

    listReservations: ({ date }) => reservations.list(date),
    createReservation: (input) => reservations.create(input),
    getReservation: ({ reservationId }) => reservations.get(reservationId),
    updateReservation: ({ reservationId, ...change }) => reservations.update(reservationId, change),
    cancelReservation: ({ reservationId }) => reservations.cancel(reservationId),
    importReservations: ({ csv }) => reservations.import(csv),
    checkIn: ({ code }, ctx) => reservations.checkIn(code, ctx.actor),

    listEvents: ({ from, to, afterSeq, limit }) => office.eventsAfter(afterSeq, limit, { from, to }),

    getConfig: () => office.config,
    setSettings: (settings) => office.configure((c) => withSettings(c, settings)),
    putService: (service) => office.configure((c) => withService(c, service)),
    putCounter: (counter) => office.configure((c) => withCounter(c, counter)),
    deleteCounter: ({ counterId }) => office.configure((c) => withoutCounter(c, counterId, office.state)),

    listDevices: () => access.listDevices(),
    createDevice: ({ kind, name }) => access.createDevice(kind, name),
    revokeDevice({ deviceId }) {
      const device = access.revokeDevice(deviceId);
      disconnectDevice(deviceId);
      return device;
    },
    setDisplaySettings({ deviceId, ...settings }) {
      const device = access.setDisplaySettings(deviceId, settings);
      deviceChanged(device);
      return device;
    },
    thisDevice(_, ctx) {
      if (ctx.principal?.kind !== 'device') throw new JunbanError('auth/forbidden', 'Only a kiosk or a display has device settings.');
      return access.deviceById(ctx.principal.id);
    },
    congestion: () => office.congestion(),
    listStaff: () => access.listStaff(),
    createStaff: (input) => access.createStaff(input),
  };
}
