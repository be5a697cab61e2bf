/**
 * The office link: the `/link` namespace every office connects out to, with its credential. Each handler reads as
 * validate, store, acknowledge, tell the staff screens. Nothing is kept in this process: where an office's log
 * stands, its setup and live view are in PostgreSQL, so the office may reconnect to any city process and resume.
 */
import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  JunbanError,
  linkEvents,
  LINK_NAMESPACE,
  type Catalogue,
  type LinkAck,
  type LinkClientToServerEvents,
  type LinkServerToClientEvents,
  type StatusBatch,
} from '@junban/protocol';
import type { z } from 'zod';
import type { CatalogueStore } from '../catalogue/catalogue.js';
import type { Db } from '../db/engine.js';
import { LINK_LEASE_MS, officeRoom, type Offices } from '../offices/offices.js';
import { parseInput } from '../web/calls.js';
import type { PublicStatuses } from '../public/statuses.js';
import type { Replication } from './replication.js';
import type { HomeForms } from '../remote/home-forms.js';

type LinkSocket = Socket<LinkClientToServerEvents, LinkServerToClientEvents, Record<string, never>, { officeId: string }>;
export type LinkNamespace = Namespace<LinkClientToServerEvents, LinkServerToClientEvents, Record<string, never>, { officeId: string }>;

/** How long the city waits for an office to say it applied a catalogue. */
const CATALOGUE_ACK_MS = 30_000;

export interface LinkDeps {
  db: Db;
  offices: Offices;
  replication: Replication;
  catalogue: CatalogueStore;
  /** A live view or a link's state changed: the staff screens' floor is out of date. */
  floorChanged: () => void;
  /** A batch of the office's log was stored (called after the ack is on its way; must not block). */
  eventsStored?: (officeId: string) => void;
  /** Residents' status pages, and the phones watching them. */
  statuses: PublicStatuses;
  statusesStored?: (officeId: string, batch: StatusBatch) => void;
  /** The city's public face, told to offices so their tickets point phones there. */
  publicUrl?: () => string | undefined;
  /** Forms residents filled in at home: the office's key from its hello, and the forms it takes at check-in. */
  homeForms?: Pick<HomeForms, 'noteKey' | 'forOffice' | 'taken'>;
  log: Logger;
}

function refusal(
  err: unknown,
  log: Logger,
): { ok: false; error: { code: 'server/internal'; message: string } } | { ok: false; error: ReturnType<JunbanError['toBody']> } {
  if (err instanceof JunbanError) return { ok: false, error: err.toBody() };
  log.error({ err }, 'link message failed');
  return { ok: false, error: { code: 'server/internal', message: 'Something went wrong at the city; nothing was stored.' } };
}

export function attachLink(io: Server, deps: LinkDeps): { nsp: LinkNamespace; close(): void } {
  const { offices, replication, catalogue, floorChanged, log } = deps;
  const nsp = io.of(LINK_NAMESPACE) as LinkNamespace;

  nsp.use((socket, next) => {
    const token: unknown = (socket.handshake.auth as { token?: unknown }).token;
    const refuse = (code: 'auth/required' | 'city/revoked', message: string) => next(Object.assign(new Error(code), { data: { code, message } }));
    if (typeof token !== 'string' || token.length === 0) return refuse('auth/required', 'An office link needs its credential (auth.token).');
    offices.byCredential(token).then(
      (office) => {
        if (office === 'unknown') refuse('auth/required', 'This credential is not known: enrol the office again.');
        else if (office === 'revoked') refuse('city/revoked', 'This office’s credential was revoked by the city’s admin: enrol it again.');
        else {
          socket.data.officeId = office.id;
          next();
        }
      },
      (err: unknown) => {
        log.error({ err }, 'link handshake failed');
        next(new Error('server/internal'));
      },
    );
  });

  nsp.on('connection', (socket: LinkSocket) => {
    const officeId = socket.data.officeId;
    /** Validate, then answer with what `run` gives, or with why not. */
    const handle =
      <S extends z.ZodType, T>(schema: S, run: (input: z.output<S>) => Promise<T>) =>
      (raw: unknown, ack?: (answer: LinkAck<T>) => void) => {
        const reply = typeof ack === 'function' ? ack : () => {};
        Promise.resolve()
          .then(() => run(parseInput(schema, raw) as z.output<S>))
          .then(reply, (err: unknown) => reply(refusal(err, log)));
      };

    // Listeners first, before anything asynchronous, so no message sent right after connecting is missed.
    socket.on(
      'hello',
      handle(linkEvents.hello, async (hello) => {
        const storedSeq = await replication.hello(officeId, hello);
        if (hello.formKey) await deps.homeForms?.noteKey(officeId, hello.formKey);
        if (hello.lastSeq < storedSeq) {
          // An office restored from an older backup numbers new events with seqs the city already holds: those are
          // not stored (the city keeps what it had). Said loudly, for the city's admin to look into.
          log.warn({ officeId, lastSeq: hello.lastSeq, storedSeq }, 'the office’s log ends before what the city stored: was it restored from a backup?');
        }
        const latest = await catalogue.latest();
        if (latest && latest.version !== hello.catalogueVersion) {
          // The welcome carries the version this office missed, but nothing in the office's answer says it applied
          // it: ask it once more, as for a version pushed while it was linked, and record it from that answer. (The
          // office applies a version once: the second of the two changes nothing.) After the welcome is sent.
          setImmediate(() =>
            socket
              .timeout(CATALOGUE_ACK_MS)
              .emit('catalogue', latest, (err, answer) => void (!err && answer.ok && recordRunning(deps.db, officeId, latest.version, log))),
          );
        }
        // The status pages phones opened today, asked again: the office may have restarted and forgotten them.
        setImmediate(() =>
          deps.statuses.watched().then(
            (keys) => {
              for (let i = 0; i < keys.length; i += 5000) socket.emit('watch', { keys: keys.slice(i, i + 5000) });
            },
            (err: unknown) => log.warn({ err, officeId }, 'could not read the status pages to ask for'),
          ),
        );
        const publicUrl = deps.publicUrl?.();
        return { officeId, storedSeq, catalogue: latest, ...(publicUrl ? { publicUrl } : {}) };
      }),
    );
    socket.on(
      'events',
      handle(linkEvents.events, async (batch) => {
        const storedSeq = await replication.store(officeId, batch);
        // The history is summed later, off the link's path: the ack does not wait for it.
        deps.eventsStored?.(officeId);
        return { storedSeq };
      }),
    );
    socket.on(
      'setup',
      handle(linkEvents.setup, async (setup) => {
        await replication.setup(officeId, setup);
        // Events stored before the office's first setup wait for it to be summed.
        deps.eventsStored?.(officeId);
        return { ok: true as const };
      }),
    );
    socket.on(
      'live',
      handle(linkEvents.live, async (live) => {
        await replication.live(officeId, live);
        floorChanged();
        return { ok: true as const };
      }),
    );
    socket.on(
      'statuses',
      handle(linkEvents.statuses, async (batch) => {
        await deps.statuses.store(officeId, batch);
        deps.statusesStored?.(officeId, batch);
        return { ok: true as const };
      }),
    );
    socket.on(
      'homeForm',
      handle(linkEvents.homeForm, async ({ code }) => {
        if (!deps.homeForms) return { ok: false as const, code: 'form/not_found' as const, message: 'This city takes no forms filled in at home.' };
        return deps.homeForms.forOffice(officeId, code);
      }),
    );
    socket.on(
      'homeFormTaken',
      handle(linkEvents.homeFormTaken, async ({ codes }) => {
        await deps.homeForms?.taken(officeId, codes);
        return { ok: true as const };
      }),
    );
    socket.on('disconnect', () => {
      replication.linkClosed(officeId, socket.id).then(
        (changed) => changed && floorChanged(),
        (err: unknown) => log.warn({ err, officeId }, 'could not record the link closing'),
      );
    });

    void socket.join(officeRoom(officeId));
    replication.linkOpened(officeId, socket.id).then(floorChanged, (err: unknown) => log.warn({ err, officeId }, 'could not record the link opening'));
  });

  const lease = setInterval(() => {
    replication.renewLinks([...nsp.sockets.keys()]).catch((err: unknown) => log.warn({ err }, 'could not renew the links'));
  }, LINK_LEASE_MS / 3);
  lease.unref();
  return { nsp, close: () => clearInterval(lease) };
}

/** Ask every linked office, on every city process, for these status pages; the one that made them answers. */
export function askForStatuses(nsp: LinkNamespace, keys: string[]): void {
  if (keys.length) nsp.emit('watch', { keys });
}

/** How long a phone's request waits for its office: the resident is looking at a spinner meanwhile. */
const PHONE_ASK_MS = 8_000;

/**
 * Ask one office for a phone (take a number, postpone, cancel), wherever its link is held; undefined when it is not
 * linked now or did not answer in time.
 */
export async function askOffice<E extends 'join' | 'remote' | 'booking'>(
  nsp: LinkNamespace,
  officeId: string,
  event: E,
  payload: Parameters<LinkServerToClientEvents[E]>[0],
): Promise<Parameters<Parameters<LinkServerToClientEvents[E]>[1]>[0] | undefined> {
  try {
    // Typed per event above; socket.io's broadcast typing cannot follow a generic event name.
    const answers = (await (
      nsp.to(officeRoom(officeId)).timeout(PHONE_ASK_MS) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown[]> }
    ).emitWithAck(event, payload)) as Parameters<Parameters<LinkServerToClientEvents[E]>[1]>[0][];
    return answers[0];
  } catch {
    return undefined;
  }
}

/** Cut an office's link at once, on whichever city process holds it. */
export function cutLink(nsp: LinkNamespace, officeId: string): void {
  nsp.in(officeRoom(officeId)).disconnectSockets(true);
}

/**
 * Send a new catalogue to every linked office, wherever its link is held. An office that acknowledges it is recorded
 * as running that version; one that is not linked now gets it in the welcome of its next link (and is asked then).
 */
export async function pushCatalogue(nsp: LinkNamespace, db: Db, saved: Catalogue, log: Logger): Promise<void> {
  const rows = await db.query<{ id: string }>('SELECT id FROM offices WHERE credential_hash IS NOT NULL AND revoked_at IS NULL');
  for (const { id } of rows) {
    nsp
      .to(officeRoom(id))
      .timeout(CATALOGUE_ACK_MS)
      .emit('catalogue', saved, (err, answers) => {
        if (!err && answers.some((a) => a.ok)) recordRunning(db, id, saved.version, log);
      });
  }
}

/** The office said it applied this catalogue version: the city lists it as running it (never an older one). */
function recordRunning(db: Db, officeId: string, version: number, log: Logger): void {
  db.query('UPDATE offices SET catalogue_version = $2 WHERE id = $1 AND (catalogue_version IS NULL OR catalogue_version < $2)', [officeId, version]).catch(
    (err: unknown) => log.warn({ err, officeId }, 'could not record the catalogue version'),
  );
}
