/**
 * The office's key pair for forms residents fill in at home (protocol/src/forms/home-seal.ts): P-256, derived from
 * the office's form key (vault.ts) with HKDF, so it lives where that key lives, outside the database, needs no file
 * of its own, and an office restored with its form key still opens the forms sent to it before. The public half
 * goes to the city in the link's hello; phones seal forms to it; only this office can open them.
 */
import { createECDH, hkdfSync } from 'node:crypto';
import { openHomeForm, toBase64Url, type SealedHomeForm } from '@junban/protocol/form-check';

export interface HomeFormKeys {
  /** The P-256 point, uncompressed, base64url: what the city hands to phones. */
  publicKey: string;
  /** Open a form sealed to this office for `serviceId`; throws if it was changed, moved or sealed to another key. */
  open(officeId: string, serviceId: string, sealed: SealedHomeForm): Promise<unknown>;
}

export function homeFormKeys(formKey: Buffer): HomeFormKeys {
  // A 32-byte string is a valid P-256 private key but for a chance of about 2^-32; the next label then.
  for (let i = 0; ; i++) {
    const d = Buffer.from(hkdfSync('sha256', formKey, 'junban', `home forms P-256 ${i}`, 32));
    const ecdh = createECDH('prime256v1');
    try {
      ecdh.setPrivateKey(d);
    } catch {
      continue;
    }
    const point = ecdh.getPublicKey();
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      d: toBase64Url(d),
      x: toBase64Url(point.subarray(1, 33)),
      y: toBase64Url(point.subarray(33, 65)),
    };
    const privateKey = globalThis.crypto.subtle.importKey('jwk', jwk, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    return {
      publicKey: toBase64Url(point),
      open: async (officeId, serviceId, sealed) => openHomeForm(await privateKey, officeId, serviceId, sealed),
    };
  }
}
