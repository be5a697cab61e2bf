/**
 * A browser's push service, played locally for the Web Push tests and the bench's notice rates: HTTPS (web-push speaks nothing else) with a
 * certificate made for the test, and subscriptions made as a browser makes them (a P-256 key pair and a 16-byte
 * auth secret, the private half kept here, as a browser keeps it).
 *
 * For each push it does what the real services and the browser do between them: checks the VAPID signature
 * (RFC 8292) against the key the subscription was made for, then decrypts the body (RFC 8291 over RFC 8188's
 * aes128gcm) with the subscription's private key, written here from the RFCs with node:crypto alone, so the test
 * does not trust the sending library to check itself.
 */
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { PushSubscription } from '@junban/protocol';
import { generate } from 'selfsigned';

export interface ReceivedPush {
  subscriptionId: string;
  /** The decrypted payload, parsed as JSON. */
  payload: unknown;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  /** The VAPID JWT's claims. */
  vapid: { aud: string; exp: number; sub: string };
}

export interface PushService {
  /** Trusts this service's certificate: give it to the Web Push channel. */
  agent: Agent;
  /** The certificate, PEM: for a city process to trust (NODE_EXTRA_CA_CERTS). */
  cert: string;
  /** A new subscription, as a browser's `subscription.toJSON()`, made for the application server key given. */
  subscribe(applicationServerKey: string): PushSubscription & { id: string };
  /** Pushes decrypted and accepted. */
  received: ReceivedPush[];
  /** Pushes refused, and why (the check that failed). */
  refused: { status: number; reason: string }[];
  /** Answer the next `times` pushes with `status` (e.g. 410 for a subscription gone, 503 for a busy service). */
  answerNext(status: number, times?: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

interface Subscription {
  ecdh: ECDH;
  auth: Buffer;
  applicationServerKey: string;
}

export async function startPushService(): Promise<PushService> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const subscriptions = new Map<string, Subscription>();
  const received: ReceivedPush[] = [];
  const refused: PushService['refused'] = [];
  const planned: { status: number; headers: Record<string, string> }[] = [];
  let origin = '';

  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const refuse = (status: number, reason: string) => {
        refused.push({ status, reason });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
      };
      const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1];
      const subscription = id ? subscriptions.get(id) : undefined;
      if (req.method !== 'POST' || !id || !subscription) return refuse(404, 'no such subscription');
      const plan = planned.shift();
      if (plan) return void res.writeHead(plan.status, plan.headers).end();

      const ttl = Number(req.headers.ttl);
      if (req.headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0) return refuse(400, 'a TTL header is required (RFC 8030)');
      const vapid = checkVapid(req.headers.authorization, origin, subscription.applicationServerKey);
      if ('refused' in vapid) return refuse(vapid.status, vapid.refused);
      if (req.headers['content-encoding'] !== 'aes128gcm') return refuse(415, 'only aes128gcm is accepted');
      let payload: unknown;
      try {
        payload = JSON.parse(decryptAes128gcm(Buffer.concat(chunks), subscription).toString('utf8'));
      } catch (err) {
        return refuse(400, `the body does not decrypt: ${(err as Error).message}`);
      }
      received.push({
        subscriptionId: id,
        payload,
        ttl,
        urgency: req.headers.urgency as string | undefined,
        topic: req.headers.topic as string | undefined,
        vapid: vapid.claims,
      });
      res.writeHead(201, { location: `${origin}/message/${randomUUID()}` }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new Agent({ ca: pems.cert, keepAlive: false });

  return {
    agent,
    cert: pems.cert,
    received,
    refused,
    subscribe(applicationServerKey) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = randomUUID();
      subscriptions.set(id, { ecdh, auth, applicationServerKey });
      return { id, endpoint: `${origin}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    answerNext(status, times = 1, headers = {}) {
      for (let i = 0; i < times; i++) planned.push({ status, headers });
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * RFC 8292: `Authorization: vapid t=<JWT>, k=<public key>`. The key must be the one the subscription was made for
 * (else 403, as the real services answer); the JWT must be ES256, signed by that key, for this origin, expiring
 * within 24 hours, with a contact (else 401).
 */
function checkVapid(
  header: string | undefined,
  origin: string,
  subscribedKey: string,
): { claims: ReceivedPush['vapid'] } | { status: number; refused: string } {
  const match = /^vapid\s+(.+)$/i.exec(header ?? '');
  if (!match) return { status: 401, refused: 'no vapid authorization' };
  const params = new Map(match[1]!.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const token = params.get('t');
  const k = params.get('k');
  if (!token || !k) return { status: 401, refused: 'vapid authorization lacks t or k' };
  if (k !== subscribedKey) return { status: 403, refused: 'the vapid key is not the one the subscription was made for' };

  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature) return { status: 401, refused: 'the vapid token is not a JWT' };
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
  if (header_.alg !== 'ES256') return { status: 401, refused: 'the vapid token is not ES256' };
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) return { status: 401, refused: 'the vapid key is not an uncompressed P-256 point' };
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  // JWS ES256 signatures are r ‖ s, 32 bytes each (IEEE P1363), not DER.
  const valid = verify('sha256', Buffer.from(`${head}.${body}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!valid) return { status: 401, refused: 'the vapid signature does not verify' };

  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { aud?: string; exp?: number; sub?: string };
  const nowSec = Date.now() / 1000;
  if (claims.aud !== origin) return { status: 401, refused: `the vapid audience is not ${origin}` };
  if (typeof claims.exp !== 'number' || claims.exp <= nowSec || claims.exp > nowSec + 24 * 3600)
    return { status: 401, refused: 'the vapid token expires outside 24 hours' };
  if (!claims.sub) return { status: 401, refused: 'the vapid token has no contact (sub)' };
  return { claims: { aud: claims.aud, exp: claims.exp, sub: claims.sub } };
}

/**
 * RFC 8188 aes128gcm, keyed as RFC 8291 says for Web Push.
 * Header: salt (16) ‖ record size (uint32) ‖ key id length (1) ‖ key id, which is the sender's ephemeral public key.
 * Then records of `rs` bytes (the last may be shorter), each AES-128-GCM with a 16-byte tag, holding data ‖ a
 * delimiter (2 on the last record, 1 before) ‖ zero padding.
 */
function decryptAes128gcm(body: Buffer, subscription: Subscription): Buffer {
  if (body.length < 21) throw new Error('shorter than the header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const senderPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65) throw new Error('the key id is not a P-256 public key');
  if (rs < 18) throw new Error('record size too small');

  // RFC 8291 §3.3-3.4: the input keying material from ECDH and the auth secret, bound to both public keys.
  const receiverPublic = subscription.ecdh.getPublicKey();
  const ecdhSecret = subscription.ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublic, senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, subscription.auth, keyInfo, 32));
  // RFC 8188 §2.2-2.3: the content encryption key and the nonce, from the salt.
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));

  const records = body.subarray(21 + idlen);
  const parts: Buffer[] = [];
  for (let seq = 0, at = 0; at < records.length; seq++, at += rs) {
    const record = records.subarray(at, Math.min(at + rs, records.length));
    const last = at + rs >= records.length;
    // The nonce for record `seq`: the base nonce XOR seq, as a 96-bit big-endian number (seq fits its last 4 bytes).
    const nonce = Buffer.from(baseNonce);
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    if (plain[end] !== (last ? 2 : 1)) throw new Error('a record lacks its delimiter');
    parts.push(plain.subarray(0, end));
  }
  return Buffer.concat(parts);
}
