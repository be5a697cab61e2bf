/**
 * Reservation codes: the characters the office generates, accepts from staff and imports, and the only keys the
 * kiosk's keypad offers. A resident reads a code aloud or types it, so there is no 0/O or 1/I to confuse. Importable
 * from `@junban/protocol/screens` without zod.
 */

/** Digits, then letters in alphabetical order: the keypad shows them in this order, easy to find. */
export const RESERVATION_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const RESERVATION_CODE_MIN = 4;
export const RESERVATION_CODE_MAX = 12;
/** What a person is told when a code they gave does not fit. */
export const RESERVATION_CODE_RULE = `use ${RESERVATION_CODE_MIN}-${RESERVATION_CODE_MAX} of ${RESERVATION_CODE_ALPHABET} (no 0, 1, I or O: residents confuse them)`;

export const RESERVATION_CODE = new RegExp(`^[${RESERVATION_CODE_ALPHABET}]{${RESERVATION_CODE_MIN},${RESERVATION_CODE_MAX}}$`);
export const isReservationCode = (value: string): boolean => RESERVATION_CODE.test(value);
