/**
 * Contact details sealed at rest: AES-256-GCM with the city's key, which every city process shares through one key
 * file (JUNBAN_CITY_KEY_FILE). A copy of the database (a backup, a dump handed to a vendor) holds only sealed bytes;
 * the key stays with the processes.
 *
 * A sealed value is: a format byte (1), a random 12-byte nonce, the 16-byte tag, the ciphertext. It is bound to
 * its row (the additional data is the notice's id), so sealed bytes copied into another row do not open.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const FORMAT = 1;
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class Sealer {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`The city's key must be ${KEY_BYTES} bytes, not ${key.length}.`);
    this.#key = Buffer.from(key);
  }

  /** A key for one process only (tests, a city with no key file): what it seals, no other process opens. */
  static ephemeral(): Sealer {
    return new Sealer(randomBytes(KEY_BYTES));
  }

  seal(plain: string, boundTo: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), nonce, cipher.getAuthTag(), body]);
  }

  /**
   * A keyed fingerprint of `value` for one purpose (a key derived from the city's, per purpose): the same in every
   * process, and a copy of the database cannot be searched with it without the key.
   */
  fingerprint(purpose: string, value: string): string {
    const key = Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `junban ${purpose}`, KEY_BYTES));
    return createHmac('sha256', key).update(value).digest('base64url');
  }

  /** Throws when the bytes were not sealed with this key for `boundTo`, or were changed. */
  open(sealed: Uint8Array, boundTo: string): string {
    const bytes = Buffer.from(sealed);
    if (bytes.length < 1 + NONCE_BYTES + TAG_BYTES || bytes[0] !== FORMAT) throw new Error('not a sealed value');
    const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
    const tag = bytes.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, nonce);
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(bytes.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/**
 * The city's key from `file` (32 random bytes, base64). A missing file is made (the demo's first start); several
 * processes starting at once on one folder agree on the first one written. A file present but not a key stops the
 * city with a message: making a new key would leave every sealed contact unreadable.
 */
export function loadCityKey(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read the city's key file ${file}: ${(err as Error).message}`, { cause: err });
    text = createKeyFile(file);
  }
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== KEY_BYTES) {
    throw new Error(
      `The city's key file ${file} does not hold a key (${KEY_BYTES} random bytes in base64, e.g. from \`openssl rand -base64 32\`). ` +
        'Every city process needs the same key: copy the file from another process rather than making a new one.',
    );
  }
  return key;
}

/** Writes a new key beside `file` and links it into place, which fails if another process got there first. */
function createKeyFile(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  const text = `${randomBytes(KEY_BYTES).toString('base64')}\n`;
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, text, { mode: 0o600 });
  try {
    linkSync(draft, file);
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
    throw err;
  } finally {
    unlinkSync(draft);
  }
}
