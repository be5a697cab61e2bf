/**
 * Pairing a new kiosk, display or print agent without typing a token into it. The device asks for a pairing and
 * shows a six-digit code; an admin types the code into the admin pages (or scans the QR code that carries it) and
 * names the device; the device, polling with its secret pairing id, then receives its token once.
 *
 * The code only lets an admin pick which waiting device to register; the token goes to whoever holds the
 * pairing id, which never leaves the device. Pairings live in memory: after a restart the device asks again.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { JunbanError, type Device, type DeviceKind, type PairingStarted, type PairingState } from '@junban/protocol';

/** How long a code can be confirmed, and then how long the device has to collect its token. */
export const PAIRING_TTL_MS = 10 * 60_000;
/** Wrong codes one admin may enter per minute before confirming is refused for the rest of that minute. */
export const WRONG_CODES_PER_MINUTE = 5;
/**
 * Pairings one address may start per PAIRING_TTL_MS. A device starts one, and again only when it expired or its
 * screen was reloaded; anyone on the network may start them, so one machine must not use up the waiting places.
 */
export const PAIRINGS_PER_ADDRESS = 10;
/** Devices waiting at once, from every address together; anyone may start a pairing, so memory is bounded. */
const MAX_WAITING = 1000;

/**
 * Who asks, for the per-address limit: an IPv4 address, or the /64 network of an IPv6 one (one machine can take
 * any address of its /64). Express sees the connection's own address: X-Forwarded-For is not trusted, so a
 * caller cannot choose it.
 */
export function addressKey(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  if (!address.includes(':')) return address;
  // Expand "::" so the first four groups are the network part.
  const [head, tail] = address.split('%')[0]!.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).join(':')}::/64`;
}

interface Pairing {
  pairingId: string;
  code: string;
  kind: DeviceKind;
  expiresAt: number;
  paired?: { token: string; device: Device };
}

export class Pairings {
  private readonly byId = new Map<string, Pairing>();
  /** Per admin: when they entered a wrong code, within the last minute. */
  private readonly wrongCodes = new Map<string, number[]>();
  /** Per address (see `addressKey`): when it started a pairing, within the last PAIRING_TTL_MS. */
  private readonly startedBy = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** `address`: the caller's network address, limited to PAIRINGS_PER_ADDRESS starts in PAIRING_TTL_MS. */
  start(kind: DeviceKind, address: string): PairingStarted {
    const now = this.now();
    this.forgetExpired(now);
    const key = addressKey(address);
    const started = this.startedBy.get(key) ?? [];
    if (started.length >= PAIRINGS_PER_ADDRESS) {
      const waitSec = Math.ceil((started[started.length - PAIRINGS_PER_ADDRESS]! + PAIRING_TTL_MS - now) / 1000);
      throw new JunbanError(
        'pairing/too_many_attempts',
        `This device (or its network address) asked to be paired too often; try again in ${Math.ceil(waitSec / 60)} min.`,
        undefined,
        waitSec,
      );
    }
    if (this.byId.size >= MAX_WAITING) {
      throw new JunbanError('pairing/too_many_attempts', 'Too many devices are waiting to be paired; try again in a few minutes.', undefined, 60);
    }
    started.push(now);
    this.startedBy.set(key, started);
    const codes = new Set([...this.byId.values()].map((p) => p.code));
    let code: string;
    do code = String(randomInt(1_000_000)).padStart(6, '0');
    while (codes.has(code));
    const pairing: Pairing = { pairingId: randomBytes(24).toString('base64url'), code, kind, expiresAt: now + PAIRING_TTL_MS };
    this.byId.set(pairing.pairingId, pairing);
    return { code, pairingId: pairing.pairingId, expiresAt: pairing.expiresAt, adminPath: `/admin/setup/devices?pair=${code}&kind=${kind}` };
  }

  /** The device's poll. Its token is handed out once; after that the pairing is gone. */
  state(pairingId: string): PairingState {
    const now = this.now();
    this.forgetExpired(now);
    const pairing = this.byId.get(pairingId);
    if (!pairing) throw new JunbanError('pairing/not_found', 'This pairing is unknown, expired or already completed; start pairing again.');
    if (!pairing.paired) return { state: 'waiting', expiresAt: pairing.expiresAt };
    this.byId.delete(pairingId);
    return { state: 'paired', ...pairing.paired };
  }

  /**
   * An admin (`admin`: who, for the wrong-code limit) confirms the code a device shows; `register` creates the
   * device and its token. A refused registration (bad settings) leaves the pairing waiting and counts no wrong code.
   */
  confirm(admin: string, code: string, register: (kind: DeviceKind) => { device: Device; token: string }): Device {
    const now = this.now();
    this.forgetExpired(now);
    const wrong = (this.wrongCodes.get(admin) ?? []).filter((t) => t > now - 60_000);
    this.wrongCodes.set(admin, wrong);
    if (wrong.length >= WRONG_CODES_PER_MINUTE) {
      throw new JunbanError('pairing/too_many_attempts', 'Too many wrong codes; wait a minute, then check the code on the device’s screen.');
    }
    const pairing = [...this.byId.values()].find((p) => p.code === code && !p.paired);
    if (!pairing) {
      wrong.push(now);
      throw new JunbanError('pairing/not_found', `No device is waiting with the code ${code}: it may be mistyped, expired or already used.`);
    }
    const registered = register(pairing.kind);
    pairing.paired = registered;
    // The device collects its token on its next poll, a few seconds away; it gets a full period for it anyway.
    pairing.expiresAt = now + PAIRING_TTL_MS;
    return registered.device;
  }

  private forgetExpired(now: number): void {
    for (const [id, p] of this.byId) if (p.expiresAt <= now) this.byId.delete(id);
    for (const [admin, times] of this.wrongCodes) if (!times.some((t) => t > now - 60_000)) this.wrongCodes.delete(admin);
    for (const [key, times] of this.startedBy) {
      const recent = times.filter((t) => t > now - PAIRING_TTL_MS);
      if (recent.length) this.startedBy.set(key, recent);
      else this.startedBy.delete(key);
    }
  }
}
