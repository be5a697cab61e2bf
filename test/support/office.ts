/**
 * Driving a test's own office through its HTTP API, as the kiosk, the counter staff and the admin would.
 *
 *   const office = await demoOffice(server);
 *   const counter = await office.as('counter');
 *   await counter('POST', '/counters/3/call-next');
 */
import type { RunningServer } from './server.js';

/** One API call; throws with the server's error body on anything but 2xx. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely unless they name T
export type Caller = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

export async function demoOffice(server: RunningServer) {
  const demo = server.demo();

  const caller =
    (headers: () => Record<string, string>): Caller =>
    async (method, path, body) => {
      const res = await fetch(`${server.baseURL}/api/v1${path}`, {
        method,
        headers: { ...headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as never;
    };

  const office = {
    demo,
    displayURL: `${server.baseURL}/display/?token=${encodeURIComponent(demo.displayToken)}`,
    kiosk: caller(() => ({ authorization: `Bearer ${demo.kioskToken}` })),
    anonymous: caller(() => ({})),
    /** Sign in as the demo account of this role; the session cookie is sent with every call after. */
    async as(role: string): Promise<Caller> {
      const account = demo.accounts.find((a) => a.role === role);
      if (!account) throw new Error(`the demo has no ${role} account`);
      const res = await fetch(`${server.baseURL}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: account.username, password: account.password }),
      });
      if (!res.ok) throw new Error(`login as ${role}: ${res.status} ${await res.text()}`);
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      return caller(() => ({ cookie }));
    },
  };
  return office;
}

/** For a test that issues tickets faster than a resident could: lift the demo kiosks' limit on tickets per minute. */
export async function unlimitKiosks(office: Awaited<ReturnType<typeof demoOffice>>): Promise<void> {
  const admin = await office.as('admin');
  for (const d of await admin<{ id: string; kind: string; kiosk?: { printerId: string | null } }[]>('GET', '/devices')) {
    if (d.kind === 'kiosk') await admin('PUT', `/devices/${d.id}/kiosk`, { printerId: d.kiosk?.printerId ?? null, ticketsPerMinute: 0 });
  }
}
