/**
 * Card pick-up (issue 19): city staff mark cards (or any prepared document) ready by reference number, with the
 * procedure residents book to collect them; a resident enters their reference on the public face, learns whether it
 * is ready, and books a slot for that procedure at the office they choose (the ordinary booking flow). A resident may
 * also ask to be told when it is ready.
 *
 * The city holds the list, not an office: cards arrive at the municipality (from J-LIS) and a resident may collect at
 * any office, so one office's database is the wrong place for it. The reference is kept only as a keyed fingerprint
 * (no name, no birth date: nothing checks who asks, so nothing personal is shown), a contact only sealed, used once.
 */
import type { BookingOffice, Language, LocalizedText, NoticeTarget, OfficeConfig, PickupStatus } from '@junban/protocol';
import { JunbanError } from '@junban/protocol';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db/engine.js';
import type { Outbox } from '../notices/outbox.js';
import type { Sealer } from '../notices/seal.js';
import type { PhoneLimits } from '../remote/limits.js';
import type { HandlerSlice } from '../web/calls.js';

const DAY = 24 * 3_600_000;
/** A reference nobody collected, or a resident waiting to be told, is forgotten after this long. */
export const PICKUP_KEPT_MS = 90 * DAY;

export interface PickupDeps {
  db: Db;
  sealer: Sealer;
  limits: PhoneLimits;
  /** Look-ups and registrations one network address may make in a day (CITY_PICKUPS_PER_ADDRESS). */
  perAddress: number;
  outbox: Pick<Outbox, 'enqueue' | 'channels'>;
  /** The offices taking bookings now, and their procedures (the booking page's list). */
  bookingOffices: () => Promise<BookingOffice[]>;
  publicUrl: () => string | undefined;
  now: () => number;
  log: Logger;
}

interface Row {
  ref_key: string;
  office_id: string;
  service_id: string;
  ready_at: string | number;
}

interface Wish {
  id: string;
  ref_key: string;
  language: string;
  sealed: Uint8Array;
}

/** Residents who may wait on one reference (the resident, a relative collecting for them…). */
const WISHES_PER_REFERENCE = 3;

/** The reference as the city compares it: NFKC (full-width digits typed on a Japanese keyboard), no hyphens, capitals. */
export const normalReference = (reference: string) => reference.normalize('NFKC').replaceAll('-', '').toUpperCase();

export function pickupFeature(deps: PickupDeps) {
  const { db, sealer } = deps;
  const refKey = (reference: string) => sealer.fingerprint('pickup reference', normalReference(reference));

  async function officeSetup(officeId: string): Promise<{ name: LocalizedText; config: OfficeConfig | null } | undefined> {
    const [row] = await db.query<{ name: LocalizedText; config: OfficeConfig | null }>(
      `SELECT o.name, (SELECT s.config FROM office_setups s WHERE s.office_id = o.id ORDER BY s.id DESC LIMIT 1) AS config
         FROM offices o WHERE o.id = $1 AND o.revoked_at IS NULL`,
      [officeId],
    );
    return row;
  }

  /** Tell a resident who waited (their wish is already taken from the table, so no other process tells them too). */
  async function tell(wish: Wish, ref: string, row: Row, office: { name: LocalizedText; config: OfficeConfig | null }): Promise<boolean> {
    const publicUrl = deps.publicUrl();
    try {
      if (!publicUrl) throw new Error('no public address (CITY_PUBLIC_URL) for the pick-up page’s link');
      const target = JSON.parse(sealer.open(wish.sealed, wish.id)) as NoticeTarget;
      const service = office.config?.services.find((s) => s.id === row.service_id);
      // The outbox keeps its own sealed copy until the notice is sent, then erases it.
      await deps.outbox.enqueue(row.office_id, `pickup:${wish.id}`, target, {
        kind: 'card_ready',
        language: wish.language as Language,
        office: office.name,
        number: ref,
        ...(service ? { service: service.name } : {}),
        statusUrl: `${publicUrl}/kiosk/pickup`,
      });
      return true;
    } catch (err) {
      deps.log.warn({ err: err instanceof Error ? err.message : String(err), office: row.office_id }, 'could not queue a pick-up notice');
      return false;
    }
  }

  async function limited(address: string) {
    if (!(await deps.limits.take('pickup-address', address, deps.perAddress))) {
      throw new JunbanError('pickup/too_many', 'This connection has looked up as many reference numbers as it may today. Call the office.');
    }
  }

  /** References never collected and residents never told are forgotten after 90 days. */
  async function purge(): Promise<void> {
    const before = deps.now() - PICKUP_KEPT_MS;
    await db.query('DELETE FROM pickups WHERE ready_at < $1', [before]);
    await db.query('DELETE FROM pickup_wishes WHERE created_at < $1', [before]);
  }

  const handlers = {
    async markPickupsReady({ officeId, serviceId, state, references }) {
      const office = await officeSetup(officeId);
      if (!office) throw new JunbanError('city/unknown_office', 'No such office.');
      if (office.config && !office.config.services.some((s) => s.id === serviceId)) {
        throw new JunbanError('input/invalid', `The office has no procedure "${serviceId}".`, [
          { path: 'serviceId', message: 'not a procedure of this office' },
        ]);
      }
      const refs = [...new Set(references.map(normalReference))];
      const keys = refs.map((ref) => sealer.fingerprint('pickup reference', ref));
      if (state === 'collected') {
        const gone = await db.transaction(async (tx) => {
          await tx.query('DELETE FROM pickup_wishes WHERE ref_key = ANY($1::text[])', [keys]);
          return tx.query<{ ref_key: string }>('DELETE FROM pickups WHERE ref_key = ANY($1::text[]) RETURNING ref_key', [keys]);
        });
        return { changed: gone.length, told: 0 };
      }
      const now = deps.now();
      const canTell = deps.publicUrl() !== undefined;
      // Marked, and the wishes waiting on them taken, in one transaction: each wish is told by one process, once.
      const marked = await db.transaction(async (tx) => {
        const out: { row: Row; ref: string; wishes: Wish[] }[] = [];
        for (const [i, key] of keys.entries()) {
          const [row] = await tx.query<Row>(
            `INSERT INTO pickups (ref_key, office_id, service_id, ready_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (ref_key) DO UPDATE SET office_id = $2, service_id = $3 RETURNING *`,
            [key, officeId, serviceId, now],
          );
          // Without the city's public address no notice can carry the page's link: the wishes wait for a later mark.
          const wishes = canTell ? await tx.query<Wish>('DELETE FROM pickup_wishes WHERE ref_key = $1 RETURNING *', [key]) : [];
          out.push({ row: row!, ref: refs[i]!, wishes });
        }
        return out;
      });
      let told = 0;
      for (const { row, ref, wishes } of marked) for (const wish of wishes) if (await tell(wish, ref, row, office)) told++;
      return { changed: marked.length, told };
    },

    async pickupStatus({ reference }, ctx): Promise<PickupStatus> {
      await limited(ctx.address);
      const [row] = await db.query<Row>('SELECT * FROM pickups WHERE ref_key = $1', [refKey(reference)]);
      if (!row) return { ready: false, readyAt: null, serviceId: null, service: null, offices: [] };
      const offices = (await deps.bookingOffices()).filter((o) => o.services.some((s) => s.id === row.service_id));
      const service = offices.flatMap((o) => o.services).find((s) => s.id === row.service_id);
      return {
        ready: true,
        readyAt: Number(row.ready_at),
        serviceId: row.service_id,
        service: service?.name ?? null,
        offices: offices.map((o) => ({ officeId: o.officeId, name: o.name, online: o.online })),
      };
    },

    async followPickup({ reference, target, language }, ctx) {
      if (target.channel === 'line' || !deps.outbox.channels.includes(target.channel)) {
        throw new JunbanError('input/invalid', `This city does not send notices by ${target.channel}.`, [
          { path: 'target.channel', message: 'not offered here' },
        ]);
      }
      await limited(ctx.address);
      const key = refKey(reference);
      const ready = async () => (await db.query('SELECT 1 FROM pickups WHERE ref_key = $1', [key])).length > 0;
      if (await ready()) return { ready: true };
      const id = randomUUID();
      const [kept] = await db.query<{ id: string }>(
        `INSERT INTO pickup_wishes (id, ref_key, channel, language, sealed, created_at)
         SELECT $1, $2, $3, $4, $5, $6 WHERE (SELECT count(*) FROM pickup_wishes WHERE ref_key = $2) < $7
         RETURNING id`,
        [id, key, target.channel, language, sealer.seal(JSON.stringify(target), id), deps.now(), WISHES_PER_REFERENCE],
      );
      if (!kept) throw new JunbanError('pickup/too_many', 'As many people as may already wait to be told about this reference number.');
      // Marked ready between the look-up and now: the page says so, and the wish goes (unless the marking took it to tell).
      if (await ready()) {
        await db.query('DELETE FROM pickup_wishes WHERE id = $1', [id]);
        return { ready: true };
      }
      return { ready: false };
    },
  } satisfies HandlerSlice;

  return { handlers, purge };
}
