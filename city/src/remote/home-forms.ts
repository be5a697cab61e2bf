/**
 * Forms residents fill in at home (issue 19), the city's part: it hands phones each office's public key and the
 * city's forms of the office's open procedures, keeps what a phone sends (sealed on the phone to that office's key:
 * the city holds ciphertext only) under a check-in code, gives it to that office alone over its link when the
 * resident checks in, deletes it once the office has it, and deletes it unread once it expires.
 */
import { randomInt } from 'node:crypto';
import {
  HOME_FORM_CODE_LENGTH,
  HomeFormEnvelope,
  JunbanError,
  RESERVATION_CODE_ALPHABET,
  type HomeFormAnswer,
  type HomeFormOffice,
  type LocalizedText,
  type OfficeConfig,
} from '@junban/protocol';
import type { CatalogueStore } from '../catalogue/catalogue.js';
import type { Db } from '../db/engine.js';
import type { HandlerSlice } from '../web/calls.js';
import type { PhoneLimits } from './limits.js';

const DAY = 86_400_000;

export interface HomeFormsOptions {
  /** Days a form waits for its resident before it is deleted unread (CITY_HOME_FORM_DAYS). */
  keepDays: number;
  /** Forms one network address may send a day (CITY_HOME_FORMS_PER_ADDRESS). */
  perAddress: number;
}

export const HOME_FORM_DEFAULTS: HomeFormsOptions = { keepDays: 14, perAddress: 10 };

const newCode = () => Array.from({ length: HOME_FORM_CODE_LENGTH }, () => RESERVATION_CODE_ALPHABET[randomInt(RESERVATION_CODE_ALPHABET.length)]).join('');

export class HomeForms {
  constructor(
    private readonly db: Db,
    private readonly options: HomeFormsOptions,
    private readonly now: () => number,
  ) {}

  /** The office's public key, from its link's hello. */
  async noteKey(officeId: string, key: string): Promise<void> {
    await this.db.query('UPDATE offices SET form_key = $2 WHERE id = $1 AND form_key IS DISTINCT FROM $2', [officeId, key]);
  }

  /** Keep a sealed form; answers its new code and when it expires. */
  async keep(officeId: string, serviceId: string, envelope: HomeFormEnvelope, attachTo?: string): Promise<{ code: string; expiresAt: number }> {
    const at = this.now();
    const expiresAt = at + this.options.keepDays * DAY;
    for (;;) {
      const code = newCode();
      const rows = await this.db.query<{ code: string }>(
        `INSERT INTO home_forms (code, office_id, service_id, envelope, attach_code, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (code) DO NOTHING RETURNING code`,
        [code, officeId, serviceId, JSON.stringify(envelope), attachTo ?? null, at, expiresAt],
      );
      if (rows.length) return { code, expiresAt };
    }
  }

  /**
   * The forms with this code, its own or the one they were attached to (a booking's, a remote number's), for the
   * office they were sealed to only, unless expired; the latest form of each procedure (a resident may send again).
   */
  async forOffice(officeId: string, code: string): Promise<HomeFormAnswer> {
    const rows = await this.db.query<{ code: string; service_id: string; envelope: string }>(
      `SELECT DISTINCT ON (service_id) code, service_id, envelope FROM home_forms
        WHERE (code = $1 OR attach_code = $1) AND office_id = $2 AND expires_at > $3
        ORDER BY service_id, created_at DESC`,
      [code, officeId, this.now()],
    );
    if (!rows.length) return { ok: false, code: 'form/not_found', message: 'No form filled in at home for this office has this code (or it expired).' };
    return {
      ok: true,
      forms: rows.slice(0, 10).map((r) => ({ code: r.code, serviceId: r.service_id, envelope: HomeFormEnvelope.parse(JSON.parse(r.envelope)) })),
    };
  }

  /** The office has the forms on a visit now: the city's copies go (and forms sent again for the same code). */
  async taken(officeId: string, codes: string[]): Promise<void> {
    await this.db.query(
      `DELETE FROM home_forms WHERE office_id = $1 AND (code = ANY($2::text[])
          OR attach_code IN (SELECT attach_code FROM home_forms WHERE office_id = $1 AND code = ANY($2::text[]) AND attach_code IS NOT NULL))`,
      [officeId, codes],
    );
  }

  /** Forms whose resident never came go, unread. Answers how many. */
  async purge(): Promise<number> {
    return (await this.db.query('DELETE FROM home_forms WHERE expires_at <= $1 RETURNING code', [this.now()])).length;
  }
}

interface OfficeRow {
  id: string;
  name: LocalizedText;
  form_key: string;
  config: OfficeConfig | null;
}

export function homeFormHandlers(deps: { db: Db; forms: HomeForms; catalogue: Pick<CatalogueStore, 'latest'>; limits: PhoneLimits; perAddress: number }) {
  const { db } = deps;

  /** Offices that sent a key, with the city's forms of their active procedures, each titled as the office names it. */
  async function offices(officeId?: string): Promise<HomeFormOffice[]> {
    const forms = (await deps.catalogue.latest())?.forms ?? [];
    if (!forms.length) return [];
    const rows = await db.query<OfficeRow>(
      `SELECT o.id, o.name, o.form_key,
              (SELECT s.config FROM office_setups s WHERE s.office_id = o.id ORDER BY s.id DESC LIMIT 1) AS config
         FROM offices o
        WHERE o.form_key IS NOT NULL AND o.revoked_at IS NULL AND o.enrolled_at IS NOT NULL AND ($1::text IS NULL OR o.id = $1)
        ORDER BY o.id`,
      [officeId ?? null],
    );
    return rows.flatMap((r) => {
      const active = new Set(r.config?.services.filter((s) => s.active).map((s) => s.id) ?? []);
      const open = forms.filter((f) => active.has(f.serviceId));
      return open.length ? [{ officeId: r.id, name: r.name, key: r.form_key, forms: open }] : [];
    });
  }

  return {
    homeFormOptions: () => offices(),
    async submitHomeForm({ officeId, serviceId, envelope, attachTo }, ctx) {
      const [office] = await offices(officeId);
      if (!office) {
        const [known] = await db.query('SELECT 1 FROM offices WHERE id = $1 AND revoked_at IS NULL', [officeId]);
        if (!known) throw new JunbanError('city/unknown_office', 'No such office.');
        throw new JunbanError('remote/closed', 'This office does not take forms filled in at home yet.');
      }
      if (!office.forms.some((f) => f.serviceId === serviceId)) throw new JunbanError('form/not_found', `The procedure "${serviceId}" has no form here.`);
      if (!(await deps.limits.take('home-form-address', ctx.address, deps.perAddress))) {
        throw new JunbanError('remote/too_many', 'This connection has sent as many forms as it may today. Fill in the form at the office.');
      }
      const kept = await deps.forms.keep(officeId, serviceId, envelope, attachTo);
      return { ...kept, officeId, serviceId, ...(attachTo ? { attachTo } : {}) };
    },
  } satisfies HandlerSlice;
}
