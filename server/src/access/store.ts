import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  DisplaySettings,
  DisplayStatus,
  JunbanError,
  KioskSettings,
  type Device,
  type DeviceKind,
  type Principal,
  type Role,
  type StaffAccount,
} from '@junban/protocol';
import type { Db } from '../storage/database.js';

/** Tokens are random; only their SHA-256 is stored, so a copy of the database opens no session and no device. */
const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export const SESSION_DAYS = 14;
/**
 * Argon2id with OWASP's 7 MiB / 5 passes setting, equal in strength to the library's 19 MiB / 2 passes default
 * but with a third of the memory per sign-in. Older hashes carry their own parameters and still verify.
 */
const HASH_OPTIONS = { memoryCost: 7168, timeCost: 5, parallelism: 1 };
/** A device's last contact is written at most this often, so contact tracking costs no commit per request. */
const SEEN_WRITE_MS = 60_000;

interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  /** 'local' or 'directory' (migration 020). */
  source: string;
  /** JSON: the counters the directory's groups allow, or null for any (migration 021). */
  counters: string | null;
}
interface DeviceRow {
  id: string;
  kind: DeviceKind;
  name: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
  display: string | null;
  kiosk: string | null;
}

const toAccount = (r: StaffRow): StaffAccount => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: r.disabled === 1,
  ...(r.source === 'directory' ? { source: 'directory' as const } : {}),
});
/** Who a staff row is, as each request sees it: the counters its groups allow go with it. */
const principalOf = (r: Pick<StaffRow, 'id' | 'username' | 'display_name' | 'role' | 'counters'>): Principal => ({
  kind: 'staff',
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  ...(r.counters ? { counters: JSON.parse(r.counters) as string[] } : {}),
});
const toDevice = (r: DeviceRow): Device => {
  const device: Device = { id: r.id, kind: r.kind, name: r.name, createdAt: r.created_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at };
  if (r.kind === 'display') {
    // The display's own report is kept in the same column as its settings, under `status` (see reportDisplayStatus).
    const stored = (r.display ? JSON.parse(r.display) : {}) as { status?: unknown };
    device.display = DisplaySettings.parse(stored);
    device.displayStatus = DisplayStatus.parse(stored.status ?? NO_REPORT);
  }
  if (r.kind === 'kiosk') device.kiosk = KioskSettings.parse(r.kiosk ? JSON.parse(r.kiosk) : {});
  return device;
};

const NO_REPORT: DisplayStatus = { soundEnabled: false, missingVoices: [], reportedAt: null };

/** Staff accounts with their sessions, and devices with their tokens. */
export class AccessStore {
  private readonly seenWritten = new Map<string, number>();
  // Asked on every request, socket handshake or ticket, so prepared once.
  private readonly sessionByToken;
  private readonly deviceByToken;
  private readonly deviceRow;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.sessionByToken = db.prepare(
      'SELECT staff.* FROM sessions JOIN staff ON staff.id = sessions.staff_id WHERE token_hash = ? AND expires_at > ? AND disabled = 0',
    );
    this.deviceByToken = db.prepare('SELECT * FROM devices WHERE token_hash = ? AND revoked_at IS NULL');
    this.deviceRow = db.prepare('SELECT * FROM devices WHERE id = ?');
  }

  async createStaff(input: { username: string; displayName: string; role: Role; password: string }): Promise<StaffAccount> {
    const passwordHash = await hash(input.password, HASH_OPTIONS);
    const id = randomUUID();
    try {
      this.db
        .prepare('INSERT INTO staff (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, input.username, input.displayName, input.role, passwordHash, this.now());
    } catch (e) {
      if (String(e).includes('UNIQUE')) throw new JunbanError('access/duplicate_username', `The username "${input.username}" is taken.`);
      throw e;
    }
    return { id, username: input.username, displayName: input.displayName, role: input.role, disabled: false };
  }

  staffById(id: string): StaffAccount {
    const row = this.db.prepare('SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
    if (!row) throw new JunbanError('access/not_found', 'No such staff account.');
    return toAccount(row);
  }

  /**
   * Rename an account, change its role, or disable or enable it. The office must stay administrable: an admin
   * cannot take admin rights from their own account (`by`), and the last enabled admin keeps them. Disabling ends
   * the account's sessions; a new role applies to its next request, as sessions read the role on every request.
   */
  updateStaff(
    id: string,
    change: { displayName?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined },
    by: string | null,
  ): StaffAccount {
    return this.db.transaction(() => {
      const before = this.staffById(id);
      const after: StaffAccount = {
        ...before,
        displayName: change.displayName ?? before.displayName,
        role: change.role ?? before.role,
        disabled: change.disabled ?? before.disabled,
      };
      const losesAdmin = before.role === 'admin' && !before.disabled && (after.role !== 'admin' || after.disabled);
      if (losesAdmin && id === by) {
        throw new JunbanError('access/own_account', 'You cannot disable your own account or take away your own admin role; ask another admin.');
      }
      if (losesAdmin && this.enabledAdmins() <= 1) {
        throw new JunbanError(
          'access/last_admin',
          'This is the last enabled admin: make another account an admin first, so someone can still set up the office.',
        );
      }
      this.db.prepare('UPDATE staff SET display_name = ?, role = ?, disabled = ? WHERE id = ?').run(after.displayName, after.role, after.disabled ? 1 : 0, id);
      if (after.disabled) this.endSessions(id);
      return after;
    })();
  }

  /** A new password, set by an admin. The account's sessions end, except `keepSession` (an admin changing their own). */
  async resetPassword(id: string, password: string, keepSession?: string): Promise<void> {
    this.staffById(id);
    const passwordHash = await hash(password, HASH_OPTIONS);
    this.db.transaction(() => {
      this.db.prepare('UPDATE staff SET password_hash = ? WHERE id = ?').run(passwordHash, id);
      this.endSessions(id, keepSession);
    })();
  }

  private endSessions(staffId: string, except?: string): void {
    this.db.prepare('DELETE FROM sessions WHERE staff_id = ? AND token_hash != ?').run(staffId, except ? digest(except) : '');
  }

  private dummy: Promise<string> | undefined;
  /** Made once, with the same settings as real hashes, so checking against it takes as long. */
  private dummyHash(): Promise<string> {
    return (this.dummy ??= hash(randomBytes(16).toString('base64url'), HASH_OPTIONS));
  }

  private enabledAdmins(): number {
    return this.db.prepare("SELECT COUNT(*) FROM staff WHERE role = 'admin' AND disabled = 0").pluck().get() as number;
  }

  listStaff(): StaffAccount[] {
    return (this.db.prepare('SELECT * FROM staff ORDER BY username').all() as StaffRow[]).map(toAccount);
  }

  staffCount(): number {
    return this.db.prepare('SELECT COUNT(*) FROM staff').pluck().get() as number;
  }

  /**
   * Check a password and open a session; the same error whether the name or the password was wrong. An unknown or
   * disabled account has a password checked all the same (against a hash nobody's password matches), so the time
   * an answer takes does not tell whether the username exists.
   */
  async signIn(username: string, password: string): Promise<{ token: string; principal: Principal }> {
    const found = this.db.prepare('SELECT * FROM staff WHERE username = ?').get(username) as StaffRow | undefined;
    // A directory account has no password here: only the directory signs it in.
    const row = found?.source === 'local' ? found : undefined;
    const matches = await verify(row?.password_hash ?? (await this.dummyHash()), password);
    if (!row || row.disabled !== 0 || !matches) throw new JunbanError('auth/bad_credentials', 'Wrong username or password.');
    const token = newToken();
    const now = this.now();
    this.db
      .prepare('INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(digest(token), row.id, now, now + SESSION_DAYS * 86_400_000);
    return { token, principal: principalOf(row) };
  }

  /** Whether this username is an account with a password kept here (the emergency accounts); these never ask the directory. */
  hasLocalAccount(username: string): boolean {
    return this.db.prepare("SELECT 1 FROM staff WHERE username = ? AND source = 'local'").get(username) !== undefined;
  }

  /**
   * The directory vouched for this person: their staff record is made or brought up to date (name, role, the
   * counters their groups allow: undefined for any) and a session opened for `sessionMs`. With no role (in no mapped group) they are refused and their sessions end. An
   * account an admin disabled here stays disabled, and a local account's username is never taken over.
   */
  admitFromDirectory(
    user: { username: string; displayName: string },
    role: Role | null,
    sessionMs: number,
    counters?: readonly string[],
  ): { token: string; principal: Principal } {
    const noGroup = () => new JunbanError('auth/forbidden', "Your directory account is in no group allowed to use junban: ask the city's IT department.");
    const result = this.db.transaction((): { token: string; principal: Principal } | { endedSessionsOf: string } => {
      const row = this.db.prepare('SELECT * FROM staff WHERE username = ?').get(user.username) as StaffRow | undefined;
      if (row?.source === 'local') {
        throw new JunbanError(
          'auth/forbidden',
          `"${user.username}" is a local account of this office: sign in with its password, or ask an admin to rename it.`,
        );
      }
      if (role === null) {
        // Ended, and then refused: the refusal must not roll the ending back.
        if (row) return { endedSessionsOf: row.id };
        throw noGroup();
      }
      if (row?.disabled) throw new JunbanError('auth/forbidden', 'This account is disabled at this office: ask an admin.');
      const id = row?.id ?? randomUUID();
      const allowed = counters ? JSON.stringify(counters) : null;
      if (row) this.db.prepare('UPDATE staff SET display_name = ?, role = ?, counters = ? WHERE id = ?').run(user.displayName, role, allowed, id);
      else
        this.db
          .prepare(
            "INSERT INTO staff (id, username, display_name, role, password_hash, source, counters, created_at) VALUES (?, ?, ?, ?, '', 'directory', ?, ?)",
          )
          .run(id, user.username, user.displayName, role, allowed, this.now());
      const token = newToken();
      const now = this.now();
      this.db
        .prepare('INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run(digest(token), id, now, now + Math.min(sessionMs, SESSION_DAYS * 86_400_000));
      return { token, principal: principalOf({ id, username: user.username, display_name: user.displayName, role, counters: allowed }) };
    })();
    if ('endedSessionsOf' in result) {
      this.endSessions(result.endedSessionsOf);
      throw noGroup();
    }
    return result;
  }

  signOut(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(digest(token));
  }

  session(token: string): Principal | null {
    const row = this.sessionByToken.get(digest(token), this.now()) as StaffRow | undefined;
    return row ? principalOf(row) : null;
  }

  /** Register a device; its token is returned this once. Settings, when given, must match its kind. */
  createDevice(
    kind: DeviceKind,
    name: string,
    settings: { display?: DisplaySettings | undefined; kiosk?: KioskSettings | undefined } = {},
  ): { device: Device; token: string } {
    if (settings.display && kind !== 'display')
      throw new JunbanError('input/invalid', 'Only a display has display settings.', [{ path: 'display', message: `not for a ${kind}` }]);
    if (settings.kiosk && kind !== 'kiosk')
      throw new JunbanError('input/invalid', 'Only a kiosk has kiosk settings.', [{ path: 'kiosk', message: `not for a ${kind}` }]);
    const token = newToken();
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO devices (id, kind, name, token_hash, created_at, display, kiosk) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        id,
        kind,
        name,
        digest(token),
        this.now(),
        settings.display ? JSON.stringify(settings.display) : null,
        settings.kiosk ? JSON.stringify(settings.kiosk) : null,
      );
    return { device: this.deviceById(id), token };
  }

  renameDevice(id: string, name: string): Device {
    if (this.db.prepare('UPDATE devices SET name = ? WHERE id = ?').run(name, id).changes === 0) throw new JunbanError('access/not_found', 'No such device.');
    return this.deviceById(id);
  }

  listDevices(): Device[] {
    return (this.db.prepare('SELECT * FROM devices ORDER BY created_at').all() as DeviceRow[]).map(toDevice);
  }

  deviceById(id: string): Device {
    const row = this.deviceRow.get(id) as DeviceRow | undefined;
    if (!row) throw new JunbanError('access/not_found', 'No such device.');
    return toDevice(row);
  }

  setDisplaySettings(id: string, settings: DisplaySettings): Device {
    const device = this.deviceById(id);
    if (device.kind !== 'display') throw new JunbanError('input/invalid', 'Only a display has display settings.');
    // An admin's settings leave what the display reported as it was.
    this.db.prepare('UPDATE devices SET display = ? WHERE id = ?').run(JSON.stringify({ ...settings, status: device.displayStatus }), id);
    return this.deviceById(id);
  }

  /** What a display says about its sound; fields it leaves out stay as they were. Sound, once enabled, stays enabled. */
  reportDisplayStatus(id: string, report: { soundEnabled?: true | undefined; missingVoices?: DisplayStatus['missingVoices'] | undefined }): Device {
    const device = this.deviceById(id);
    if (device.kind !== 'display' || !device.display || !device.displayStatus) throw new JunbanError('input/invalid', 'Only a display reports its sound.');
    const status: DisplayStatus = {
      soundEnabled: report.soundEnabled ?? device.displayStatus.soundEnabled,
      missingVoices: report.missingVoices ?? device.displayStatus.missingVoices,
      reportedAt: this.now(),
    };
    this.db.prepare('UPDATE devices SET display = ? WHERE id = ?').run(JSON.stringify({ ...device.display, status }), id);
    return this.deviceById(id);
  }

  setKioskSettings(id: string, settings: KioskSettings): Device {
    const device = this.deviceById(id);
    if (device.kind !== 'kiosk') throw new JunbanError('input/invalid', 'Only a kiosk has kiosk settings.');
    this.db.prepare('UPDATE devices SET kiosk = ? WHERE id = ?').run(JSON.stringify(settings), id);
    return this.deviceById(id);
  }

  revokeDevice(id: string): Device {
    const changed = this.db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.now(), id).changes;
    const row = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
    if (!row) throw new JunbanError('access/not_found', 'No such device.');
    if (changed === 0 && row.revoked_at === null) throw new JunbanError('access/not_found', 'No such device.');
    return toDevice(row);
  }

  /** The device a token belongs to, unless revoked. Notes its last contact. */
  device(token: string): Principal | null {
    const row = this.deviceByToken.get(digest(token)) as DeviceRow | undefined;
    if (!row) return null;
    const now = this.now();
    if (now - (this.seenWritten.get(row.id) ?? 0) > SEEN_WRITE_MS) {
      this.seenWritten.set(row.id, now);
      this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(now, row.id);
    }
    return { kind: 'device', id: row.id, name: row.name, device: row.kind };
  }
}
