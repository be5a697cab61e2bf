/**
 * Notices by LINE: a resident links their visit to the city's LINE official account without typing anything about
 * themselves. Their status page asks for a one-time code and opens LINE on a message to the account with the code in
 * it (LINE's URL scheme `https://line.me/R/oaMessage/<account>/?<text>`); once they send it, LINE calls the city's
 * webhook, signed with the channel secret, with the sender's user id, and that user is told about the visit like any
 * other subscriber. A code is used once, and lasts 30 minutes.
 */
import express from 'express';
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { JunbanError, RESERVATION_CODE_ALPHABET, type Language, type NoticeTarget } from '@junban/protocol';
import type { Db } from '../db/engine.js';
import type { HandlerSlice } from '../web/calls.js';
import { verifyLineSignature } from './channels/line.js';
import type { Sealer } from './seal.js';

const CODE_LENGTH = 8;
const CODE_TTL_MS = 30 * 60_000;
/** A code in what the resident sent: the letters the kiosk's codes use, so a mistyped message still reads. */
const CODE_IN_TEXT = new RegExp(`[${RESERVATION_CODE_ALPHABET}]{${CODE_LENGTH}}`);

export interface LineAccount {
  /** The official account's LINE ID (its basic ID, e.g. `@123abcde`), which the link opens a chat with. */
  accountId: string;
  /** The channel secret, which signs LINE's webhook requests. */
  channelSecret: string;
}

interface Pending {
  key: string;
  token: string;
  ahead: number;
  language: Language;
}

export class LineLinks {
  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
    private readonly account: LineAccount,
    private readonly now: () => number,
  ) {}

  /** A new code for a visit's page, and the link that opens LINE with it. */
  async create(p: Pending): Promise<{ code: string; url: string }> {
    const code = Array.from({ length: CODE_LENGTH }, () => RESERVATION_CODE_ALPHABET[randomInt(RESERVATION_CODE_ALPHABET.length)]).join('');
    await this.db.query('INSERT INTO line_links (code, key, sealed, ahead, language, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      code,
      p.key,
      this.sealer.seal(p.token, code),
      p.ahead,
      p.language,
      this.now(),
    ]);
    // What the resident sends: the code, with a word in Japanese so the chat reads as something, not noise.
    const text = `順番 ${code}`;
    return { code, url: `https://line.me/R/oaMessage/${encodeURIComponent(this.account.accountId)}/?${encodeURIComponent(text)}` };
  }

  /** The visit a code in a message was made for, once: the code is gone after. */
  async take(text: string): Promise<Pending | undefined> {
    const code = CODE_IN_TEXT.exec(text.toUpperCase())?.[0];
    if (!code) return undefined;
    const [row] = await this.db.query<{ key: string; sealed: Uint8Array; ahead: number; language: Language }>(
      'DELETE FROM line_links WHERE code = $1 AND created_at >= $2 RETURNING key, sealed, ahead, language',
      [code, this.now() - CODE_TTL_MS],
    );
    return row ? { key: row.key, token: this.sealer.open(row.sealed, code), ahead: row.ahead, language: row.language } : undefined;
  }

  async purge(): Promise<void> {
    await this.db.query('DELETE FROM line_links WHERE created_at < $1', [this.now() - CODE_TTL_MS]);
  }
}

export interface LineLinkDeps {
  links: LineLinks | undefined;
  channelSecret: string | undefined;
  /** The page's visit is known (its office sent it), or `visit/not_found`. */
  assertKnown: (key: string) => Promise<void>;
  statusKey: (token: string) => string;
  subscribe: (input: { key: string; token: string; target: NoticeTarget; ahead: number; language: Language }) => Promise<void>;
  log: Logger;
}

export function lineLinkHandlers(deps: LineLinkDeps) {
  return {
    async linkLine({ token, ahead, language }) {
      if (!deps.links) throw new JunbanError('input/invalid', 'This city sends no notices by LINE.', [{ path: 'channel', message: 'not offered here' }]);
      const key = deps.statusKey(token);
      await deps.assertKnown(key);
      return deps.links.create({ key, token, ahead, language });
    },
  } satisfies HandlerSlice;
}

interface LineEvent {
  type?: unknown;
  message?: { type?: unknown; text?: unknown };
  source?: { type?: unknown; userId?: unknown };
}

/**
 * `POST /line/webhook`, the address set in the LINE Developers console: checked against the channel secret over the
 * raw body (401 otherwise, nothing read), then every text message holding a code links its sender to that visit.
 * Always 200 once checked: LINE retries anything else, and a message without a code is just a message.
 */
export function lineWebhook(deps: LineLinkDeps): express.Router {
  const router = express.Router();
  router.post('/line/webhook', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!deps.links || !deps.channelSecret || !verifyLineSignature(deps.channelSecret, body, req.headers['x-line-signature'])) {
      res.status(401).json({ error: { code: 'auth/required', message: 'Not signed by LINE with this city’s channel secret.' } });
      return;
    }
    let events: LineEvent[] = [];
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { events?: unknown };
      if (Array.isArray(parsed.events)) events = parsed.events as LineEvent[];
    } catch {
      // Signed but not JSON: nothing to do.
    }
    for (const e of events) {
      const userId = e.source?.userId;
      if (e.type !== 'message' || e.message?.type !== 'text' || typeof e.message.text !== 'string' || typeof userId !== 'string') continue;
      try {
        const pending = await deps.links.take(e.message.text);
        if (pending) await deps.subscribe({ ...pending, target: { channel: 'line', userId } });
      } catch (err) {
        // Never the user id or the message in the log: they are personal data.
        deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'a LINE message could not link its visit');
      }
    }
    res.status(200).end();
  });
  return router;
}
