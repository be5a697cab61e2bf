/**
 * A minimal JSON client over node:http with keep-alive. It costs the load generator far less CPU per request
 * than fetch, and the load generator shares the machine's two cores with the server it measures.
 */
import { Agent, request } from 'node:http';
import type { Device, KioskSettings } from '@junban/protocol';
import type { DemoFile } from '../testing/office.js';

export interface Reply {
  status: number;
  body: unknown;
  setCookie: string[];
}

export interface HttpClientOptions {
  /** At most this many connections, each reused for request after request. */
  connections: number;
  timeoutMs?: number;
}

export class HttpClient {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly host: string;
  private readonly port: number;

  constructor(origin: string, options: HttpClientOptions) {
    const url = new URL(origin);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  }

  /** Resolves with any status; rejects only when there was no answer (refused, reset, timed out). */
  send(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = request({ agent: this.agent, host: this.host, port: this.port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // Not JSON (an HTML error page, a proxy): keep the text for the error report.
          }
          resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers['set-cookie'] ?? [] });
        });
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms: ${method} ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like send, but anything other than 2xx is an error: for the bench's own setup steps, which must not fail. */
  async json<T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
    const reply = await this.send(method, path, options);
    if (reply.status < 200 || reply.status >= 300) {
      throw new Error(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
    return reply.body as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Sign in as staff; the session lives in the cookie, which every later request of that member carries. */
export async function signIn(client: HttpClient, username: string, password: string): Promise<Record<string, string>> {
  const reply = await client.send('POST', '/api/v1/auth/login', { body: { username, password } });
  const cookie = reply.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('junban_session='));
  if (reply.status !== 200 || !cookie) throw new Error(`signing in as ${username} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return { cookie };
}

/** A bench is one kiosk issuing thousands of tickets: set the demo kiosks' printer and ticket limit as it needs. */
export async function setDemoKiosks(client: HttpClient, demo: DemoFile, settings: KioskSettings): Promise<void> {
  const admin = demo.accounts.find((a) => a.role === 'admin');
  if (!admin) throw new Error('demo.json has no admin account');
  const headers = await signIn(client, admin.username, admin.password);
  for (const d of await client.json<Device[]>('GET', '/api/v1/devices', { headers })) {
    if (d.kind === 'kiosk') await client.json('PUT', `/api/v1/devices/${d.id}/kiosk`, { headers, body: settings });
  }
}
