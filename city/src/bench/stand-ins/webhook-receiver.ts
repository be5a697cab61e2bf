/**
 * The receiver of the city's notice webhook (a city's SMS gateway), played locally for the bench: it does what
 * docs/city.md asks of a receiver (checks the signature over the raw body and the timestamp's age, drops a repeat by
 * its delivery id) and answers 204, so the bench counts notices a real gateway would have taken.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  /** Notices taken (signed, fresh, not a repeat). */
  accepted(): number;
  /** Requests refused (a bad signature or a stale timestamp): a bench that sees any is broken. */
  refused(): number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const seen = new Set<string>();
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const timestamp = String(req.headers['x-junban-timestamp'] ?? '');
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(Buffer.concat(chunks)).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-junban-signature'] ?? ''));
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
      if (!fresh || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        refused += 1;
        return void res.writeHead(401).end();
      }
      seen.add(String(req.headers['x-junban-delivery']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices`,
    accepted: () => seen.size,
    refused: () => refused,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
