/**
 * Forms filled in at home (issue 19): a resident fills in a procedure's form on their phone, with the guide's checks,
 * and it is sealed on the phone to the chosen office's public key (./home-seal.ts). The city keeps only the sealed
 * envelope under a check-in code, until the office takes it at check-in or it expires.
 */
import { z } from 'zod';
import { LocalizedText, ServiceId, Slug } from '../common/model.js';
import { RESERVATION_CODE, RESERVATION_CODE_ALPHABET, RESERVATION_CODE_RULE } from '../reservations/code.js';
import { CatalogueEntry, FormValues } from './model.js';

const base64url = (bytes: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`), `${bytes} bytes in base64url`);

/** An office's public key for forms filled in at home: its P-256 point, uncompressed (65 bytes), base64url. */
export const HomeFormKey = base64url(65);

/** A sealed form as the city stores it: it cannot open it. */
export const HomeFormEnvelope = z
  .object({
    v: z.literal(1),
    epk: HomeFormKey,
    iv: base64url(12),
    /** The ciphertext and its 16-byte tag; a form's answers are a few kilobytes at most. */
    ct: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'base64url')
      .min(24)
      .max(120_000),
  })
  .strict();
export type HomeFormEnvelope = z.infer<typeof HomeFormEnvelope>;

/** What is sealed: the answers (the documents are ticked at the counter, once seen). */
export const HomeFormContent = z.object({ values: FormValues });
export type HomeFormContent = z.infer<typeof HomeFormContent>;

/** The check-in code of a form filled in at home: 8 of the reservation codes' letters, so the kiosk's keypad takes it. */
export const HomeFormCode = z.string().regex(new RegExp(`^[${RESERVATION_CODE_ALPHABET}]{8}$`), 'an 8-letter check-in code');
export const HOME_FORM_CODE_LENGTH = 8;

/** An office on the phone's "fill in a form at home" page: its key, and the forms of its open procedures. */
export const HomeFormOffice = z.object({
  officeId: Slug,
  name: LocalizedText,
  key: HomeFormKey,
  forms: z.array(CatalogueEntry),
});
export type HomeFormOffice = z.infer<typeof HomeFormOffice>;

/** A booking's code, or a number taken from a phone's check-in code, that a form travels with. */
export const AttachCode = z.string().regex(RESERVATION_CODE, RESERVATION_CODE_RULE);

export const HomeFormSubmission = z.object({
  officeId: Slug,
  serviceId: ServiceId,
  envelope: HomeFormEnvelope,
  /**
   * The resident already has a code for this office (a booking's, or a remote number's check-in code): the form
   * joins that visit when they check in with it, with no second code to show.
   */
  attachTo: AttachCode.optional(),
});
export type HomeFormSubmission = z.infer<typeof HomeFormSubmission>;

/** The phone's receipt: the code to show at the kiosk (as letters and a QR code), and when the city forgets the form. */
export const HomeFormReceipt = z.object({
  code: HomeFormCode,
  officeId: Slug,
  serviceId: ServiceId,
  expiresAt: z.number(),
  /** The booking's or remote number's code the form travels with, when it was given. */
  attachTo: AttachCode.optional(),
});
export type HomeFormReceipt = z.infer<typeof HomeFormReceipt>;

/**
 * office → city over the link: the forms with this code (the form's own, or a booking's or remote number's they were
 * attached to), if sent to this office and not expired.
 */
export const HomeFormRequest = z.object({ code: AttachCode });
export type HomeFormRequest = z.infer<typeof HomeFormRequest>;

/** One sealed form as the city hands it to its office. */
export interface SealedHomeFormRow {
  code: string;
  serviceId: string;
  envelope: HomeFormEnvelope;
}
export type HomeFormAnswer = { ok: true; forms: SealedHomeFormRow[] } | { ok: false; code: 'form/not_found'; message: string };
