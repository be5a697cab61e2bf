/** The access endpoints: signing in, pairing devices, devices and staff accounts. Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import {
  Device,
  DeviceKind,
  DisplaySettings,
  KioskSettings,
  PairingStarted,
  PairingState,
  Principal,
  Role,
  SignInOptions,
  StaffAccount,
  StaffPresence,
} from './model.js';
import { accessRoutes } from './routes.js';
import { DisplayName, Ok, Password, endpoint } from '../common/endpoint.js';
import { Id, Language } from '../common/model.js';

export const accessApi = {
  login: endpoint({
    ...accessRoutes.login,
    permission: 'none',
    errors: ['auth/bad_credentials', 'auth/forbidden', 'auth/too_many_attempts', 'auth/directory_unavailable'],
    summary:
      "Sign in as staff; sets the session cookie. A username that is no local account is checked with the city's " +
      'directory when LDAP/AD is set up (403 when the account is in no mapped group, 503 when the directory does not answer). After 5 wrong passwords for an account from one address, each try there ' +
      'waits longer (Retry-After); after 10, that address is locked out of the account for 15 minutes, and after 20 over ' +
      'all accounts, out of signing in. Other addresses are not affected.',
    input: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
    output: Principal,
  }),
  logout: endpoint({ ...accessRoutes.logout, permission: 'none', summary: 'Sign out.', input: z.object({}), output: Ok }),
  signInOptions: endpoint({
    ...accessRoutes.signInOptions,
    permission: 'none',
    summary: "How staff may sign in here: the directory behind the form, and the city's OpenID Connect button.",
    input: z.object({}),
    output: SignInOptions,
  }),
  me: endpoint({ ...accessRoutes.me, permission: 'public:read', summary: 'Who the caller is.', input: z.object({}), output: Principal }),
  startPairing: endpoint({
    ...accessRoutes.startPairing,
    permission: 'none',
    errors: ['pairing/too_many_attempts'],
    summary: 'A new kiosk, display or print agent asks to be paired: it shows the code (valid 10 minutes) and polls with the pairing id.',
    input: z.object({ kind: DeviceKind }),
    output: PairingStarted,
  }),
  pairingState: endpoint({
    ...accessRoutes.pairingState,
    permission: 'none',
    errors: ['pairing/not_found'],
    summary: "The device's poll: waiting until an admin confirms the code, then its token, once. Unknown, expired or collected pairings get 404.",
    input: z.object({ pairingId: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, 'a pairing id') }),
    output: PairingState,
  }),
  confirmPairing: endpoint({
    ...accessRoutes.confirmPairing,
    permission: 'access:write',
    errors: ['pairing/not_found', 'pairing/too_many_attempts', 'printer/not_found'],
    summary: 'Register the device showing this code, with a name and optionally its settings. At most 5 wrong codes a minute per admin.',
    input: z.object({
      code: z
        .string()
        .transform((c) => c.replace(/[\s-]/g, ''))
        .pipe(z.string().regex(/^\d{6}$/, 'six digits')),
      name: DisplayName,
      display: DisplaySettings.optional(),
      kiosk: KioskSettings.optional(),
    }),
    output: Device,
  }),
  listDevices: endpoint({
    ...accessRoutes.listDevices,
    permission: 'access:write',
    summary: 'Kiosks and displays.',
    input: z.object({}),
    output: z.array(Device),
  }),
  createDevice: endpoint({
    ...accessRoutes.createDevice,
    permission: 'access:write',
    summary: 'Register a kiosk or display; the token is shown only once.',
    input: z.object({ kind: DeviceKind, name: z.string().trim().min(1).max(100) }),
    output: z.object({ device: Device, token: z.string() }),
  }),
  revokeDevice: endpoint({
    ...accessRoutes.revokeDevice,
    permission: 'access:write',
    summary: 'Revoke a device; it is disconnected at once.',
    errors: ['access/not_found'],
    input: z.object({ deviceId: Id }),
    output: Device,
  }),
  renameDevice: endpoint({
    ...accessRoutes.renameDevice,
    permission: 'access:write',
    errors: ['access/not_found'],
    summary: 'Rename a kiosk, display or print agent.',
    input: z.object({ deviceId: Id, name: DisplayName }),
    output: Device,
  }),
  setDisplaySettings: endpoint({
    ...accessRoutes.setDisplaySettings,
    permission: 'access:write',
    errors: ['access/not_found'],
    summary: 'Choose what a display shows (counters, procedures, second language); it changes at once, without touching the device.',
    input: DisplaySettings.extend({ deviceId: Id }),
    output: Device,
  }),
  setKioskSettings: endpoint({
    ...accessRoutes.setKioskSettings,
    permission: 'access:write',
    errors: ['access/not_found', 'printer/not_found'],
    summary: "Choose a kiosk's printer and how many tickets a minute it may issue.",
    input: KioskSettings.extend({ deviceId: Id }),
    output: Device,
  }),
  thisDevice: endpoint({
    ...accessRoutes.thisDevice,
    permission: 'public:read',
    summary: 'The calling kiosk or display, with its settings.',
    input: z.object({}),
    output: Device,
  }),
  reportDisplayStatus: endpoint({
    ...accessRoutes.reportDisplayStatus,
    permission: 'public:read',
    summary:
      'A display says that its installer enabled sound, or which of its languages the browser has no voice for (chime only). ' +
      'Kept with its settings: a browser restarted with a fresh profile does not ask for sound again, and staff see the voices in Setup › Devices.',
    input: z.object({ soundEnabled: z.literal(true).optional(), missingVoices: z.array(Language).max(10).optional() }).strict(),
    output: Device,
  }),
  listStaff: endpoint({
    ...accessRoutes.listStaff,
    permission: 'access:write',
    summary: 'Staff accounts.',
    input: z.object({}),
    output: z.array(StaffAccount),
  }),
  createStaff: endpoint({
    ...accessRoutes.createStaff,
    permission: 'access:write',
    errors: ['access/duplicate_username'],
    summary: 'Create a staff account.',
    input: z.object({
      username: z.string().regex(/^[a-z0-9._-]{2,40}$/, 'use 2-40 lowercase letters, digits, dots, dashes or underscores'),
      displayName: DisplayName,
      role: Role,
      password: Password,
    }),
    output: StaffAccount,
  }),
  staffPresence: endpoint({
    ...accessRoutes.staffPresence,
    permission: 'access:write',
    summary: 'Who is signed in now with a screen open, and at which counter their console says they are.',
    input: z.object({}),
    output: z.array(StaffPresence),
  }),
  updateStaff: endpoint({
    ...accessRoutes.updateStaff,
    permission: 'access:write',
    errors: ['access/not_found', 'access/own_account', 'access/last_admin'],
    summary:
      "Change an account's name or role, or disable it (which signs it out everywhere). " +
      'Admins cannot disable or demote themselves, and the last enabled admin stays an admin.',
    input: z.object({ staffId: Id, displayName: DisplayName.optional(), role: Role.optional(), disabled: z.boolean().optional() }),
    output: StaffAccount,
  }),
  unlockStaff: endpoint({
    ...accessRoutes.unlockStaff,
    permission: 'access:write',
    errors: ['access/not_found'],
    summary: 'Lift the sign-in locks on an account (after too many wrong passwords), at every address.',
    input: z.object({ staffId: Id }),
    output: Ok,
  }),
  resetPassword: endpoint({
    ...accessRoutes.resetPassword,
    permission: 'access:write',
    errors: ['access/not_found'],
    summary: 'Set a new password for an account; its other sessions end.',
    input: z.object({ staffId: Id, password: Password }),
    output: Ok,
  }),
} as const;
