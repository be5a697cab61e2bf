/** The queue's slice of the API table: issuing, the counters' actions, the views and the event log. */
import { JunbanError, type PublicView, type Visit } from '@junban/protocol';
import type { IssueWithTicket } from '../kiosks/issuing.js';
import type { CallContext, HandlerSlice } from '../web/calls.js';
import * as queue from './commands.js';
import type { Office } from './office.js';

export function queueHandlers(deps: {
  office: Pick<Office, 'run' | 'visit' | 'publicView' | 'staffView' | 'congestion' | 'eventsAfter' | 'currentVersion'>;
  /** Printers and slowed-down kiosks, as every screen sees them. */
  devicesView(): Pick<PublicView, 'printers' | 'limitedKiosks'>;
  issueWithTicket: IssueWithTicket;
}) {
  const { office, devicesView, issueWithTicket } = deps;
  const ok = { ok: true as const };
  // The answer is kept for the call's idempotency key in the same transaction as the change (api/idempotency.ts).
  const act = (ctx: CallContext, command: (d: queue.Draft) => Visit) => ({ visit: office.run(ctx.actor, command, (visit) => ctx.remember?.({ visit })) });

  return {
    health: () => ({ ok: true, version: office.currentVersion }),
    publicView: () => ({ ...office.publicView(), ...devicesView() }),
    staffView: () => ({ ...office.staffView(), ...devicesView() }),
    congestion: () => office.congestion(),

    issueVisit: ({ services, assistance, needs, language, printerId }, ctx) =>
      issueWithTicket(ctx, language, printerId, () =>
        office.run(ctx.actor, (d) => queue.issue(d, { services, assistance, needs, language, source: ctx.principal?.kind === 'device' ? 'kiosk' : 'staff' })),
      ),
    getVisit({ visitId }) {
      const visit = office.visit(visitId);
      if (!visit) throw new JunbanError('visit/not_found', 'No visit with this id.');
      return visit;
    },
    setRemainingSteps: ({ visitId, services }, ctx) => act(ctx, (d) => queue.setRemainingSteps(d, visitId, services)),
    cancelVisit: ({ visitId }, ctx) => act(ctx, (d) => queue.cancelVisit(d, visitId)),

    callNext: ({ counterId }, ctx) => act(ctx, (d) => queue.callNext(d, counterId)),
    callNumber: ({ counterId, number }, ctx) => act(ctx, (d) => queue.callNumber(d, counterId, number)),
    recall: ({ counterId, stepId, visual }, ctx) => act(ctx, (d) => queue.recall(d, counterId, stepId, visual)),
    startServing: ({ counterId, stepId }, ctx) => act(ctx, (d) => queue.startServing(d, counterId, stepId)),
    finish: ({ counterId, stepId, outcome }, ctx) => act(ctx, (d) => queue.finish(d, counterId, stepId, undefined, outcome)),
    transfer: ({ counterId, stepId, services, outcome }, ctx) => act(ctx, (d) => queue.finish(d, counterId, stepId, services, outcome)),
    noShow: ({ counterId, stepId }, ctx) => act(ctx, (d) => queue.noShow(d, counterId, stepId)),
    hold: ({ counterId, stepId }, ctx) => act(ctx, (d) => queue.hold(d, counterId, stepId)),
    returnHeld: ({ stepId }, ctx) => act(ctx, (d) => queue.returnHeld(d, stepId)),
    requeue: ({ stepId }, ctx) => act(ctx, (d) => queue.requeue(d, stepId)),
    markReady: ({ stepId }, ctx) => act(ctx, (d) => queue.markReady(d, stepId)),
    setCounterStatus({ counterId, status, reason }, ctx) {
      office.run(
        ctx.actor,
        (d) => queue.setCounterStatus(d, counterId, status, reason),
        () => ctx.remember?.(ok),
      );
      return ok;
    },

    listEvents: ({ from, to, afterSeq, limit }) => office.eventsAfter(afterSeq, limit, { from, to }),
  } satisfies HandlerSlice;
}
