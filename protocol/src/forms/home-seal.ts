/**
 * A form filled in at home, sealed on the resident's phone to the chosen office's public key, so that the city,
 * which stores and passes it on, holds only ciphertext. Hybrid encryption with WebCrypto (the phone's browser and
 * Node's `crypto.subtle` alike, so both ends run this one code): an ephemeral ECDH P-256 key agreed with the office's
 * key, HKDF-SHA-256 (salt: the ephemeral public key) to an AES-256-GCM key, a fresh 96-bit IV. The office and
 * procedure are the associated data: a ciphertext moved to another office or procedure fails to open.
 *
 * Zod-free (`@junban/protocol/form-check`), for the phone's page; the envelope's schema is in ./home.ts.
 */

/** What crosses the city: the ephemeral public key (65 bytes, uncompressed), the IV and the ciphertext with its tag, base64url. */
export interface SealedHomeForm {
  v: 1;
  epk: string;
  iv: string;
  ct: string;
}

const INFO = 'junban home form v1';
const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
/** JSON of the pair, so no choice of ids can make two different pairs give the same bytes. */
const associatedData = (officeId: string, serviceId: string) => utf8(JSON.stringify(['junban home form', officeId, serviceId]));

async function aesKey(subtle: SubtleCrypto, shared: ArrayBuffer, epk: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const ikm = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: epk, info: utf8(INFO) }, ikm, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Seal `content` (JSON) to the office's public key (`officeKey`: the raw P-256 point, base64url). */
export async function sealHomeForm(officeKey: string, officeId: string, serviceId: string, content: unknown): Promise<SealedHomeForm> {
  const subtle = globalThis.crypto.subtle;
  const office = await subtle.importKey('raw', fromBase64Url(officeKey), CURVE, false, []);
  const ephemeral = (await subtle.generateKey(CURVE, false, ['deriveBits'])) as CryptoKeyPair;
  const shared = await subtle.deriveBits({ name: 'ECDH', public: office }, ephemeral.privateKey, 256);
  const epk = new Uint8Array(await subtle.exportKey('raw', ephemeral.publicKey));
  const key = await aesKey(subtle, shared, epk);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ct = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(officeId, serviceId) }, key, utf8(JSON.stringify(content)));
  return { v: 1, epk: toBase64Url(epk), iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)) };
}

/** Open a sealed form with the office's private key; throws if it was changed, moved, or sealed to another key. */
export async function openHomeForm(privateKey: CryptoKey, officeId: string, serviceId: string, sealed: SealedHomeForm): Promise<unknown> {
  const subtle = globalThis.crypto.subtle;
  const epk = fromBase64Url(sealed.epk);
  const ephemeral = await subtle.importKey('raw', epk, CURVE, false, []);
  const shared = await subtle.deriveBits({ name: 'ECDH', public: ephemeral }, privateKey, 256);
  const key = await aesKey(subtle, shared, epk);
  const plain = await subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64Url(sealed.iv), additionalData: associatedData(officeId, serviceId) },
    key,
    fromBase64Url(sealed.ct),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as unknown;
}
