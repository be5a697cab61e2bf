/**
 * Residents' notices, triggered: each status an office sends for a followed visit is weighed against what its
 * resident was told (triggers.ts), and the notices it calls for go to the outbox, which delivers them at least once.
 * A visit that ended takes its subscriptions and its notices' contact details with it.
 */
import type { Logger } from 'pino';
import type { NoticeKind, StatusBatch, VisitStatus } from '@junban/protocol';
import type { Outbox } from './outbox.js';
import type { Subscription, Subscriptions } from './subscriptions.js';
import { noticesFor } from './triggers.js';

export interface FollowDeps {
  subscriptions: Subscriptions;
  outbox: Outbox;
  /** The city's public address, for the link in each notice. */
  publicUrl: () => string | undefined;
  log: Logger;
}

/** Tell one subscriber what this status calls for; answers whether the visit ended. */
export async function tell(deps: FollowDeps, sub: Subscription, status: VisitStatus): Promise<void> {
  const { kinds, told, ended } = noticesFor(sub, status);
  const base = deps.publicUrl();
  const send = async () => {
    for (const kind of kinds) {
      if (!base) break;
      await deps.outbox.enqueue(sub.officeId, sub.key, sub.target, message(kind, sub, status, `${base}/kiosk/status/${sub.token}`));
    }
  };
  if (ended) {
    await deps.outbox.eraseVisit(sub.officeId, sub.key);
    await deps.subscriptions.end(sub.key);
    // The visit's last word (its place released), after the erasure: its contact is cleared once it is sent.
    await send();
    return;
  }
  await send();
  await deps.subscriptions.told(sub.id, told);
}

function message(kind: NoticeKind, sub: Subscription, status: VisitStatus, statusUrl: string) {
  return {
    kind,
    language: sub.language,
    office: status.office,
    number: status.number,
    ...(kind === 'ahead' && status.peopleAhead !== null ? { ahead: status.peopleAhead } : {}),
    ...((kind === 'called' || kind === 'no_show_soon') && status.counter ? { counter: status.counter.name } : {}),
    ...(kind === 'documents_ready' && status.pickup?.counters.length
      ? {
          counter: {
            ja: status.pickup.counters.map((c) => c.name.ja).join('・'),
            en: status.pickup.counters.map((c) => c.name.en).join(', '),
          },
        }
      : {}),
    ...(kind === 'step' && status.service ? { service: status.service.name } : {}),
    ...(kind === 'check_in_soon' && status.remote ? { minutes: Math.max(0, Math.round((status.remote.arriveBy - status.at) / 60_000)) } : {}),
    statusUrl,
  };
}

/**
 * An office's statuses were stored: the followed ones among them are weighed (after the office's ack); when its
 * lines moved, so are the visits followed in those lines, at their place now (not every visit of the office).
 */
export function followStatuses(deps: FollowDeps & { statusOf: (key: string) => Promise<VisitStatus | undefined> }) {
  return async (officeId: string, batch: StatusBatch): Promise<void> => {
    const byKey = new Map(batch.statuses.map((s) => [s.key, s.status]));
    const moved = batch.lines?.map((m) => m.serviceId) ?? [];
    const subs = [
      ...(await deps.subscriptions.forKeys([...byKey.keys()])),
      ...(moved.length ? (await deps.subscriptions.waitingIn(officeId, moved)).filter((s) => !byKey.has(s.key)) : []),
    ];
    for (const sub of subs) {
      try {
        const status = byKey.get(sub.key) ?? (await deps.statusOf(sub.key));
        if (status) await tell(deps, sub, status);
      } catch (err) {
        deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'a resident’s notice could not be queued');
      }
    }
  };
}
