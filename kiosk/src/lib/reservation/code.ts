import { isReservationCode, RESERVATION_CODE_MAX } from '@junban/protocol/screens';

/** A reservation code as the office generates and accepts it. */
export const CODE_MAX = RESERVATION_CODE_MAX;
export const isCode = isReservationCode;

/**
 * The code in a scanned QR: the code itself, or a booking link carrying it as `?code=`. Anything else (a QR that
 * is not a reservation's) gives null, so the scanner keeps looking.
 */
export function codeFromQr(text: string): string | null {
  const plain = text.trim().toUpperCase();
  if (isCode(plain)) return plain;
  try {
    const fromLink = new URL(text.trim()).searchParams.get('code')?.trim().toUpperCase();
    return fromLink && isCode(fromLink) ? fromLink : null;
  } catch {
    return null;
  }
}
