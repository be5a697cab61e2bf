/**
 * The visit status page's address. Its token is the visit id signed with a key only the server holds, so a
 * number on a ticket (or a visit id seen in the public event stream) opens nobody's status page.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../storage/database.js';

const KEY_NAME = 'visit-status-link';

function signingKey(db: Db): Buffer {
  const row = db.prepare('SELECT value FROM server_keys WHERE name = ?').pluck().get(KEY_NAME) as Buffer | undefined;
  if (row) return row;
  const key = randomBytes(32);
  db.prepare('INSERT INTO server_keys (name, value) VALUES (?, ?)').run(KEY_NAME, key);
  return key;
}

export class StatusLinks {
  private readonly key: Buffer;

  constructor(
    db: Db,
    private readonly baseUrl: () => string,
  ) {
    this.key = signingKey(db);
  }

  private mac(visitId: string): Buffer {
    // 128 bits of the HMAC: far beyond guessing, and it keeps the QR code small.
    return createHmac('sha256', this.key).update(visitId).digest().subarray(0, 16);
  }

  token(visitId: string): string {
    return `${visitId}.${this.mac(visitId).toString('base64url')}`;
  }

  url(visitId: string): string {
    return `${this.baseUrl()}/kiosk/status/${this.token(visitId)}`;
  }

  /** The visit a token was made for, or null for anything forged or mangled. */
  visitOf(token: string): string | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return null;
    const visitId = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.mac(visitId);
    return given.length === expected.length && timingSafeEqual(given, expected) ? visitId : null;
  }
}
