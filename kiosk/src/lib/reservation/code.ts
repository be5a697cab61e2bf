/** A reservation code as the office generates it (the check-in form accepts the same). */
const CODE = /^[A-Z0-9]{4,12}$/;
export const CODE_MAX = 12;
export const isCode = (value: string) => CODE.test(value);

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
