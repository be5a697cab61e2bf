/** The city's options, read once from the environment at start. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cityDirectoryFromEnv, type CityDirectorySettings } from './access/directory.js';

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
  /** The key that seals residents' contact details (JUNBAN_CITY_KEY_FILE): every city process reads the same file. */
  keyFile: string;
  /** Notices to residents through the city's own webhook (an SMS gateway), when both are set. */
  noticeWebhook: { url: string; secret: string } | undefined;
  /** Notices by email through the city's SMTP relay, when both are set. */
  noticeEmail: { smtpUrl: string; from: string } | undefined;
  /** What this process serves (CITY_ROLE): all, the public face only, or the staff's side only. */
  role: 'all' | 'public' | 'staff';
  /** Numbers one network address may take from phones a day (CITY_JOINS_PER_ADDRESS, 3). */
  joinsPerAddress: number;
  /** Visits one network address may book from phones a day (CITY_BOOKINGS_PER_ADDRESS, 3). */
  bookingsPerAddress: number;
  /** Reference numbers one network address may look up or register for card pick-up a day (CITY_PICKUPS_PER_ADDRESS, 20). */
  pickupsPerAddress: number;
  /** Days a form filled in at home waits for its resident (CITY_HOME_FORM_DAYS, 14), and forms one address may send a day (CITY_HOME_FORMS_PER_ADDRESS, 10). */
  homeForms: { keepDays: number; perAddress: number };
  /** Visits one phone number or email address may be told about a day (CITY_NOTICES_PER_CONTACT, 5). */
  noticesPerContact: number;
  /** The bearer token Prometheus sends for `/metrics` (CITY_METRICS_TOKEN); required for a public process to serve them. */
  metricsToken: string | undefined;
  /** City staff sign-in with the city's directory (CITY_LDAP_*, CITY_OIDC_*, CITY_DIRECTORY_*), when set up. */
  directory: CityDirectorySettings | undefined;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name] ? Number(env[name]) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > 10_000) throw new Error(`${name} must be a whole number from 1 to 10000, not "${env[name]}".`);
  return value;
}

function role(value: string | undefined): CityEnv['role'] {
  if (value === undefined || value === '' || value === 'all' || value === 'public' || value === 'staff') return (value || 'all') as CityEnv['role'];
  throw new Error(`CITY_ROLE must be all, public or staff, not "${value}".`);
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

function metricsToken(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.trim().length < 16) throw new Error('CITY_METRICS_TOKEN must have at least 16 characters.');
  return value.trim();
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): CityEnv {
  const port = Number(env.CITY_PORT ?? 3100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`CITY_PORT must be a port number, not "${env.CITY_PORT}".`);
  const dataDir = resolve(env.JUNBAN_DATA_DIR ?? './data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: join(dataDir, 'city-pglite'),
    secureCookies: env.JUNBAN_SECURE_COOKIES === 'true',
    hsts: env.JUNBAN_HSTS === 'true',
    trustProxy: env.CITY_TRUST_PROXY || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    publicUrl: publicUrl(env.CITY_PUBLIC_URL),
    keyFile: resolve(env.JUNBAN_CITY_KEY_FILE || join(dataDir, 'city.key')),
    noticeWebhook: readWebhook(env),
    noticeEmail: readEmail(env),
    role: role(env.CITY_ROLE),
    joinsPerAddress: count(env, 'CITY_JOINS_PER_ADDRESS', 3),
    bookingsPerAddress: count(env, 'CITY_BOOKINGS_PER_ADDRESS', 3),
    pickupsPerAddress: count(env, 'CITY_PICKUPS_PER_ADDRESS', 20),
    homeForms: { keepDays: count(env, 'CITY_HOME_FORM_DAYS', 14), perAddress: count(env, 'CITY_HOME_FORMS_PER_ADDRESS', 10) },
    noticesPerContact: count(env, 'CITY_NOTICES_PER_CONTACT', 5),
    metricsToken: metricsToken(env.CITY_METRICS_TOKEN),
    directory: cityDirectoryFromEnv(env),
  };
}

/** Both or neither: half a channel's setting is a mistake worth stopping for, not a channel silently off. */
function both(env: NodeJS.ProcessEnv, a: string, b: string): [string, string] | undefined {
  const [x, y] = [env[a] || undefined, env[b] || undefined];
  if (!x && !y) return undefined;
  if (!x || !y) throw new Error(`${x ? b : a} must be set with ${x ? a : b}.`);
  return [x, y];
}

function readWebhook(env: NodeJS.ProcessEnv): CityEnv['noticeWebhook'] {
  const set = both(env, 'JUNBAN_NOTICE_WEBHOOK_URL', 'JUNBAN_NOTICE_WEBHOOK_SECRET');
  if (!set) return undefined;
  const [url, secret] = set;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new Error(`JUNBAN_NOTICE_WEBHOOK_URL must be an http(s) address, not "${url}".`);
  // Short secrets can be guessed offline from one signed request.
  if (secret.length < 32) throw new Error('JUNBAN_NOTICE_WEBHOOK_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`).');
  return { url, secret };
}

function readEmail(env: NodeJS.ProcessEnv): CityEnv['noticeEmail'] {
  const set = both(env, 'JUNBAN_SMTP_URL', 'JUNBAN_NOTICE_FROM');
  if (!set) return undefined;
  const [smtpUrl, from] = set;
  // Not quoted back: the URL may carry the relay's password.
  if (!URL.canParse(smtpUrl) || !/^smtps?:$/.test(new URL(smtpUrl).protocol)) throw new Error('JUNBAN_SMTP_URL must be an smtp:// or smtps:// address.');
  return { smtpUrl, from };
}
