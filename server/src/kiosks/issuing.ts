/**
 * Issuing a number, wherever it is asked for (a kiosk, the floor guide, a reservation's check-in): a kiosk's ticket
 * limit, the resident's status link, and the ticket sent to the printer.
 */
import type { AccessStore } from '../access/store.js';
import { JunbanError, type IssuedVisit, type Language } from '@junban/protocol';
import type { OfficeReader } from '../queue/office.js';
import { assertKnownPrinter, knownPrinter } from '../printing/known.js';
import type { PrintService } from '../printing/service.js';
import type { StatusLinks } from '../visit-status/links.js';
import type { CallContext, HandlerSlice } from '../web/calls.js';
import type { KioskLimiter } from './limiter.js';

export type IssueWithTicket = (
  ctx: CallContext,
  language: Language,
  chosenPrinter: string | undefined,
  issue: () => Omit<IssuedVisit, 'statusUrl' | 'print' | 'notices'>,
) => IssuedVisit;

export function ticketIssuer(deps: {
  office: Pick<OfficeReader, 'now' | 'config'>;
  access: Pick<AccessStore, 'deviceById'>;
  limiter: KioskLimiter;
  printing: Pick<PrintService, 'enqueue'>;
  links: Pick<StatusLinks, 'url'>;
  /** Whether status pages are at a linked city that may send notices (IssuedVisit.notices). */
  notices: () => boolean;
}): IssueWithTicket {
  const { office, access, limiter, printing, links, notices } = deps;
  const kioskOf = (ctx: CallContext) => (ctx.principal?.kind === 'device' && ctx.principal.device === 'kiosk' ? access.deviceById(ctx.principal.id) : null);
  /** Issue through `issue`, then hand the resident their status link and send their ticket to the printer. */
  return (ctx, language, chosenPrinter, issue) => {
    const kiosk = kioskOf(ctx);
    assertKnownPrinter(office.config, chosenPrinter);
    const perMinute = kiosk?.kiosk?.ticketsPerMinute ?? 0;
    if (kiosk) limiter.check(kiosk.id, perMinute, office.now());
    const issued = issue();
    if (kiosk) limiter.count(kiosk.id, perMinute, office.now());
    const printerId = kiosk ? knownPrinter(office.config, kiosk.kiosk?.printerId) : (chosenPrinter ?? null);
    const print = printerId ? printing.enqueue({ visit: issued.visit, printerId, kioskId: kiosk?.id ?? null, language, reprint: false }) : null;
    return { ...issued, statusUrl: links.url(issued.visit.id), print, notices: notices() };
  };
}

/** Staff lift a kiosk's ticket limit. */
export function kioskHandlers(deps: { access: Pick<AccessStore, 'deviceById'>; limiter: KioskLimiter }) {
  return {
    liftKioskLimit({ deviceId }) {
      if (deps.access.deviceById(deviceId).kind !== 'kiosk') throw new JunbanError('input/invalid', 'Only a kiosk has a ticket limit.');
      deps.limiter.lift(deviceId);
      return { ok: true as const };
    },
  } satisfies HandlerSlice;
}
