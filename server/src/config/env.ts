import { networkInterfaces } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnrolmentCode } from '@junban/protocol';
import { z } from 'zod';

/** The repository root: the server runs from server/dist or server/src, two levels below it. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const Env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    JUNBAN_DATA_DIR: z.string().default(resolve(repoRoot, 'data')),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Where residents' phones reach this server, for the QR code on tickets; by default the machine's LAN address. */
    JUNBAN_PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    /** Set when the office is served over HTTPS, so session cookies are only sent over it. */
    JUNBAN_SECURE_COOKIES: z.stringbool().default(false),
    /** Set when the office is only ever reached over HTTPS: browsers are told (HSTS) never to use plain HTTP for it. */
    JUNBAN_HSTS: z.stringbool().default(false),
    /** The key for residents' forms at rest: base64 of 32 bytes. Without it the server keeps one in <data dir>/forms.key. */
    JUNBAN_FORM_KEY: z.string().trim().optional(),
    /** Days of generated history the demo writes before today at first start (0: none). */
    JUNBAN_DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(1100).default(365),
    /** The demo office's mean visits a day in its generated history. */
    JUNBAN_DEMO_VISITS_PER_DAY: z.coerce.number().int().min(1).max(5000).default(1000),
    /** Varies the demo's generated history, so demo offices side by side do not hold the same days (0: as before). */
    JUNBAN_DEMO_SEED: z.coerce.number().int().min(0).max(1_000_000).default(0),
    /** The demo office's name, as "日本語 / English" (the city demo runs three offices side by side). */
    JUNBAN_DEMO_OFFICE_NAME: z
      .string()
      .regex(/^[^/]*\S[^/]*\/[^/]*\S[^/]*$/, 'write it as "日本語 / English"')
      .transform((v) => {
        const [ja = '', en = ''] = v.split('/').map((part) => part.trim());
        return { ja, en };
      })
      .optional(),
    /**
     * Link to a city at start: the city's address and a one-time code from its admin. Used only while the office is not
     * linked (an installer may leave them set); both or neither.
     */
    JUNBAN_CITY_URL: z
      .url({ protocol: /^https?$/ })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    JUNBAN_CITY_CODE: EnrolmentCode.optional(),
    /** Scheduled online backups into this folder (another disk or a network share); unset: none, `npm run backup` by hand. */
    JUNBAN_BACKUP_DIR: z.string().trim().min(1).optional(),
    /** Minutes between scheduled backups. */
    JUNBAN_BACKUP_EVERY_MIN: z.coerce.number().int().min(5).max(10_080).default(60),
    /** How many of the newest scheduled backups are kept (48: two days of hourly backups). */
    JUNBAN_BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(48),
    /** When set, `GET /metrics` answers only a request carrying it as a bearer token (Prometheus's `authorization`). */
    JUNBAN_METRICS_TOKEN: z.string().trim().min(16, 'use at least 16 characters').optional(),
  })
  .refine((env) => !env.JUNBAN_CITY_URL === !env.JUNBAN_CITY_CODE, {
    message: 'set both JUNBAN_CITY_URL and JUNBAN_CITY_CODE, or neither',
    path: ['JUNBAN_CITY_CODE'],
  });
export type Env = z.infer<typeof Env>;

/** The environment, checked once at start: a wrong value stops the server with a clear message. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { ...parsed.data, JUNBAN_DATA_DIR: resolve(parsed.data.JUNBAN_DATA_DIR) };
}

export const databaseFile = (dataDir: string) => resolve(dataDir, 'junban.db');

/** The first LAN (IPv4, not loopback) address of this machine: what a phone on the office's Wi-Fi can reach. */
export function lanAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}
