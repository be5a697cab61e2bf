/**
 * Pairing a new kiosk, display or print agent without typing a token into it. The device asks for a pairing and
 * shows a six-digit code; an admin types the code into the admin pages (or scans the QR code that carries it) and
 * names the device; the device, polling with its secret pairing id, then receives its token once.
 *
 * The code only lets an admin pick which waiting device to register; the token goes to whoever holds the
 * pairing id, which never leaves the device. Pairings live in memory: after a restart the device asks again.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { JunbanError, type Device, type DeviceKind, type PairingStarted, type PairingState } from '../protocol/index.js';

/** How long a code can be confirmed, and then how long the device has to collect its token. */
export const PAIRING_TTL_MS = 10 * 60_000;
/** Wrong codes one admin may enter per minute before confirming is refused for the rest of that minute. */
export const WRONG_CODES_PER_MINUTE = 5;
/** Devices waiting at once; anyone may start a pairing, so memory is bounded. */
const MAX_WAITING = 100;

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

  constructor(private readonly now: () => number) {}

  start(kind: DeviceKind): PairingStarted {
    const now = this.now();
    this.forgetExpired(now);
    if (this.byId.size >= MAX_WAITING) {
      throw new JunbanError('pairing/too_many_attempts', 'Too many devices are waiting to be paired; try again in a few minutes.');
    }
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
  }
}
