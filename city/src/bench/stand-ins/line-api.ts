/**
 * LINE's Messaging API, stood in for locally (LINE cannot be reached from the tests, nor from the bench): the push
 * endpoint, checking each request as LINE's API reference describes it, and answering as LINE does, errors included.
 *
 * POST /v2/bot/message/push, `Authorization: Bearer <channel access token>`, `Content-Type: application/json`,
 * body `{ to, messages: [1..5 message objects] }`, optionally `X-Line-Retry-Key: <UUID>`. A key already accepted
 * answers 409 with the first request's id in `x-line-accepted-request-id`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LinePush {
  to: string;
  messages: Record<string, unknown>[];
  retryKey: string | undefined;
  notificationDisabled: boolean | undefined;
}

export interface LineApi {
  /** Where the channel should send (its API base). */
  url: string;
  token: string;
  /** Every push request as received, in order, whatever the answer. */
  requests: LinePush[];
  /** The pushes accepted (answered 200). */
  accepted: LinePush[];
  /** Answer the next `times` valid requests with `status` and LINE's error JSON. */
  answerNext(status: 400 | 401 | 403 | 429 | 500, times?: number): void;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TO = /^[UCR][0-9a-f]{32}$/;

/** What each message type needs (LINE's "Message objects" reference), and its text limit where it has one. */
function messageProblems(m: unknown, at: string): { property: string; message: string }[] {
  if (typeof m !== 'object' || m === null) return [{ property: at, message: 'must be an object' }];
  const msg = m as Record<string, unknown>;
  const need = (...fields: string[]) =>
    fields.filter((f) => msg[f] === undefined || msg[f] === '').map((f) => ({ property: `${at}.${f}`, message: 'may not be empty' }));
  switch (msg.type) {
    case 'text': {
      const problems = need('text');
      if (typeof msg.text === 'string' && [...msg.text].length > 5000) problems.push({ property: `${at}.text`, message: 'size must be between 0 and 5000' });
      return problems;
    }
    case 'sticker':
      return need('packageId', 'stickerId');
    case 'image':
    case 'video':
      return need('originalContentUrl', 'previewImageUrl');
    case 'audio':
      return need('originalContentUrl', 'duration');
    case 'location':
      return need('title', 'address', 'latitude', 'longitude');
    case 'imagemap':
      return need('baseUrl', 'altText', 'baseSize', 'actions');
    case 'template': {
      const problems = need('altText', 'template');
      if (typeof msg.altText === 'string' && [...msg.altText].length > 400)
        problems.push({ property: `${at}.altText`, message: 'size must be between 0 and 400' });
      return problems;
    }
    case 'flex':
      return need('altText', 'contents');
    default:
      return [{ property: `${at}.type`, message: 'invalid message type' }];
  }
}

export async function startLineApi(token = `test-token-${randomUUID()}`): Promise<LineApi> {
  const requests: LinePush[] = [];
  const accepted: LinePush[] = [];
  const acceptedKeys = new Map<string, string>();
  const planned: number[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', 'x-line-request-id': randomUUID(), ...headers }).end(JSON.stringify(body));
      if (req.method !== 'POST' || req.url !== '/v2/bot/message/push') return answer(404, { message: 'Not found' });
      if (req.headers.authorization !== `Bearer ${token}`) {
        return answer(401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
      }
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return answer(415, { message: 'Unsupported Media Type' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return answer(400, { message: 'The request body has 1 error(s)', details: [{ message: 'must be JSON', property: '' }] });
      }
      const retryKey = req.headers['x-line-retry-key'] as string | undefined;
      const push: LinePush = {
        to: body.to as string,
        messages: body.messages as Record<string, unknown>[],
        retryKey,
        notificationDisabled: body.notificationDisabled as boolean | undefined,
      };
      requests.push(push);

      const details: { property: string; message: string }[] = [];
      if (typeof body.to !== 'string' || !TO.test(body.to)) details.push({ property: 'to', message: 'invalid id' });
      if (!Array.isArray(body.messages) || body.messages.length < 1 || body.messages.length > 5) {
        details.push({ property: 'messages', message: 'size must be between 1 and 5' });
      } else body.messages.forEach((m, i) => details.push(...messageProblems(m, `messages[${i}]`)));
      if (retryKey !== undefined && !UUID.test(retryKey)) details.push({ property: 'X-Line-Retry-Key', message: 'must be a UUID' });
      if (details.length) return answer(400, { message: `The request body has ${details.length} error(s)`, details });

      if (retryKey && acceptedKeys.has(retryKey)) {
        return answer(409, { message: 'The retry key is already accepted' }, { 'x-line-accepted-request-id': acceptedKeys.get(retryKey)! });
      }
      const failWith = planned.shift();
      if (failWith === 401) return answer(401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
      if (failWith === 403) return answer(403, { message: 'Access to this API is not available for your account' });
      if (failWith === 429) return answer(429, { message: 'Too Many Requests' });
      if (failWith === 400) return answer(400, { message: 'Failed to send messages' });
      if (failWith === 500) return answer(500, { message: 'An error occurred in the internal server' });

      const requestId = randomUUID();
      if (retryKey) acceptedKeys.set(retryKey, requestId);
      accepted.push(push);
      answer(200, { sentMessages: push.messages.map(() => ({ id: String(Date.now()), quoteToken: randomUUID() })) }, { 'x-line-request-id': requestId });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    requests,
    accepted,
    answerNext(status, times = 1) {
      for (let i = 0; i < times; i++) planned.push(status);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
