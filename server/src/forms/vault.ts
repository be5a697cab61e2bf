/**
 * Encryption at rest for a resident's pre-filled forms (personal data). AES-256-GCM with a fresh 96-bit nonce per
 * write; the visit and procedure ids are the associated data, so a ciphertext copied onto another visit's row fails
 * to open instead of showing one resident's form on another's visit.
 *
 * The key is part of the office's configuration, never of the database: a copied or backed-up junban.db alone
 * reveals no form. It comes from JUNBAN_FORM_KEY (base64 of 32 bytes), else from `<dataDir>/forms.key`, made with
 * 32 random bytes (mode 0600) on first start.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export const formKeyFile = (dataDir: string) => resolve(dataDir, 'forms.key');

/** The office's form key: from the environment's base64 value if given, else the data folder's key file (made if missing). */
export function loadFormKey(dataDir: string, fromEnv?: string): Buffer {
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = Buffer.from(fromEnv.trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new Error(`JUNBAN_FORM_KEY must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32); it has ${key.length}.`);
    return key;
  }
  const file = formKeyFile(dataDir);
  try {
    // 'wx': never overwrite an existing key, which would make every stored form unreadable.
    writeFileSync(file, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = readFileSync(file);
  if (key.length !== KEY_BYTES) throw new Error(`${file} must hold exactly ${KEY_BYTES} bytes; it has ${key.length}. Restore it or set JUNBAN_FORM_KEY.`);
  // A key file copied in by hand may be readable by everyone; only the server's user needs it.
  chmodSync(file, 0o600);
  return key;
}

export interface Sealed {
  nonce: Buffer;
  /** The encrypted JSON followed by the 16-byte GCM tag. */
  ciphertext: Buffer;
}

export class FormVault {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new RangeError(`the form key must be ${KEY_BYTES} bytes`);
  }

  seal(visitId: string, serviceId: string, content: unknown): Sealed {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(visitId, serviceId));
    const body = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
    return { nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
  }

  /** Throws if the ciphertext was changed, moved to another visit or procedure, or sealed with another key. */
  open(visitId: string, serviceId: string, sealed: Sealed): unknown {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(visitId, serviceId));
    decipher.setAuthTag(sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  }
}

/** JSON of the pair, so no choice of ids can make two different pairs give the same bytes. */
const associatedData = (visitId: string, serviceId: string) => Buffer.from(JSON.stringify([visitId, serviceId]), 'utf8');
