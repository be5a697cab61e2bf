/** The city's options, read once from the environment at start. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The city's staff pages (a SvelteKit static build), served at `/` when built. */
export const PAGES_DIR = fileURLToPath(new URL('../pages/build', import.meta.url));
/** The kiosk's build, whose status page the public face serves to residents' phones. */
export const KIOSK_DIR = fileURLToPath(new URL('../../kiosk/build', import.meta.url));

export interface CityEnv {
  port: number;
  host: string;
  /** A real PostgreSQL server; without it, embedded PGlite in `pgliteDir`. */
  databaseUrl: string | undefined;
  pgliteDir: string;
  secureCookies: boolean;
  hsts: boolean;
  /**
   * Behind a load balancer, which proxies to believe about the caller's address (X-Forwarded-For), as Express's
   * "trust proxy" takes it: e.g. `loopback`, `10.0.0.0/8`, or a number of hops. Unset: none, the connection's own.
   */
  trustProxy: string | undefined;
  logLevel: string;
  /** Where residents' phones reach this city (CITY_PUBLIC_URL), e.g. https://junban.city.example.jp. */
  publicUrl: string | undefined;
}

function publicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`CITY_PUBLIC_URL must be an address like https://junban.city.example.jp, not "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`CITY_PUBLIC_URL must be an http(s) address, not "${value}".`);
  return value.replace(/\/+$/, '');
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): CityEnv {
  const port = Number(env.CITY_PORT ?? 3100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`CITY_PORT must be a port number, not "${env.CITY_PORT}".`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: join(resolve(env.JUNBAN_DATA_DIR ?? './data'), 'city-pglite'),
    secureCookies: env.JUNBAN_SECURE_COOKIES === 'true',
    hsts: env.JUNBAN_HSTS === 'true',
    trustProxy: env.CITY_TRUST_PROXY || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    publicUrl: publicUrl(env.CITY_PUBLIC_URL),
  };
}
