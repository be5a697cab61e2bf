/** Staff accounts, devices (kiosks, displays, print agents) and their pairing, and who is calling. */
import { z } from 'zod';
import { CounterId, Id, Language, SecondLanguage, ServiceId, Slug } from '../common/model.js';

export const Role = z.enum(['counter', 'guide', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;
/** agent: the print agent on a kiosk PC with its own USB printer. */
export const DeviceKind = z.enum(['kiosk', 'display', 'agent']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const StaffAccount = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  disabled: z.boolean(),
  /** In the admin's list: until when some address is locked out of signing in as this account (wrong passwords), or null. */
  signInLockedUntil: z.number().nullable().optional(),
  /** 'directory': signs in with the city's directory, which sets the role at each sign-in; no password is kept here. */
  source: z.enum(['local', 'directory']).optional(),
});
export type StaffAccount = z.infer<typeof StaffAccount>;

/** How staff may sign in at this office: the sign-in page shows the city's button only when it is set up. */
export const SignInOptions = z.object({
  /** The username and password form also takes directory (LDAP/AD) accounts. */
  directory: z.boolean(),
  /** OpenID Connect: the button's label ("Sign in with <city>") and where it starts; null when not set up. */
  oidc: z.object({ label: z.string(), startUrl: z.string() }).nullable(),
});
export type SignInOptions = z.infer<typeof SignInOptions>;

/** What one wall display shows, set by an admin: e.g. the second floor shows only counters 6-8. */
export const DisplaySettings = z.object({
  /** Only calls to these counters; empty for all. */
  counters: z.array(CounterId).max(200).default([]),
  /** Only these procedures in the waiting list; empty for all. */
  services: z.array(ServiceId).max(200).default([]),
  /** Announced and shown after Japanese. */
  secondLanguage: SecondLanguage.default('en'),
});
export type DisplaySettings = z.infer<typeof DisplaySettings>;

/** What one kiosk does, set by an admin. */
export const KioskSettings = z.object({
  /** The printer for this kiosk's tickets; none: the number is shown on screen only. */
  printerId: Slug.nullable().default(null),
  /** Tickets this kiosk may issue per minute before it asks the resident to wait; 0 for no limit. */
  ticketsPerMinute: z.number().int().min(0).max(600).default(8),
});
export type KioskSettings = z.infer<typeof KioskSettings>;

/**
 * What a display reports about itself, kept with its settings: the installer's "enable sound" (so a kiosk-mode browser
 * that forgets everything on restart does not ask again) and the languages it has no voice for (chime only), which
 * staff see in Setup › Devices rather than the public on the wall.
 */
export const DisplayStatus = z.object({
  soundEnabled: z.boolean(),
  missingVoices: z.array(Language),
  /** When the display last reported; null if never. */
  reportedAt: z.number().nullable(),
});
export type DisplayStatus = z.infer<typeof DisplayStatus>;

export const Device = z.object({
  id: Id,
  kind: DeviceKind,
  name: z.string(),
  /** For displays: what this one shows. */
  display: DisplaySettings.optional(),
  /** For displays: what it reported about its sound. */
  displayStatus: DisplayStatus.optional(),
  /** For kiosks: its printer and its limit. */
  kiosk: KioskSettings.optional(),
  createdAt: z.number(),
  lastSeenAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});
export type Device = z.infer<typeof Device>;

/** Who is asking: a signed-in staff member or a registered device. */
export const Principal = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('staff'),
    id: Id,
    username: z.string(),
    displayName: z.string(),
    role: Role,
    /** The counters this account may work at, when its directory groups say so; absent: any counter. */
    counters: z.array(CounterId).optional(),
  }),
  z.object({ kind: z.literal('device'), id: Id, name: z.string(), device: DeviceKind }),
]);
export type Principal = z.infer<typeof Principal>;

/** A staff screen's socket `presence` report: the counter it works at, or null (validated at the server). */
export const PresenceReport = z.object({ counterId: CounterId.nullable() });
export type PresenceReport = z.infer<typeof PresenceReport>;
/** Another staff screen already at the counter a console has just reported. */
export const OtherScreen = z.object({ displayName: z.string(), since: z.number() });
export type OtherScreen = z.infer<typeof OtherScreen>;
/** The answer to a `presence` report: the other screens at the same counter (none: the counter is this screen's alone). */
export const PresenceAnswer = z.object({ ok: z.literal(true), alsoHere: z.array(OtherScreen) });
export type PresenceAnswer = z.infer<typeof PresenceAnswer>;

/** A new device waiting for an admin to confirm its pairing code. */
export const PairingStarted = z.object({
  /** Six digits the device shows and the admin types in. */
  code: z.string(),
  /** The device's own secret for polling; never shown on screen. */
  pairingId: z.string(),
  expiresAt: z.number(),
  /** The admin page to open with the code filled in (the device shows it as a QR code). */
  adminPath: z.string(),
});
export type PairingStarted = z.infer<typeof PairingStarted>;

export const PairingState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('waiting'), expiresAt: z.number() }),
  /** Answered once: the device keeps the token, and the pairing is gone. */
  z.object({ state: z.literal('paired'), token: z.string(), device: Device }),
]);
export type PairingState = z.infer<typeof PairingState>;

/** A staff member signed in right now (with a live screen), and the counters they reported sitting at. */
export const StaffPresence = z.object({
  staffId: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  counters: z.array(CounterId),
  /** When their oldest open screen connected. */
  since: z.number(),
  screens: z.number().int(),
});
export type StaffPresence = z.infer<typeof StaffPresence>;
