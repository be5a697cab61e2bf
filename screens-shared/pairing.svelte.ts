// The protocol's zod-free entry: the screens' bundles must not carry zod.
import type { ApiInput, ApiOutput, PairingState } from '@junban/protocol/screens';
import { deviceToken, forgetDeviceToken, rememberDeviceToken } from './device-token';

/** A kiosk's or display's standing with the server: its token, or why it has none. */
export class DeviceLink {
  token = $state<string | null>(deviceToken());
  /** The server stopped accepting our token: the pairing screen says so before it offers a new code. */
  revoked = $state(false);

  /** Start as the device an admin just registered, without a reload. */
  paired = (token: string): void => {
    rememberDeviceToken(token);
    this.revoked = false;
    this.token = token;
  };

  /** For `LiveView`'s `onRefused`. */
  refused = (): void => {
    forgetDeviceToken();
    this.revoked = true;
    this.token = null;
  };
}

const POLL_MS = 2_000;
/** A display may boot before the server does: it keeps asking for a code until it gets one. */
const RETRY_MS = 5_000;
const CLOCK_TOLERANCE_MS = 5_000;

type Started = ApiOutput<'startPairing'>;

/**
 * One pairing attempt (docs/api.md, "Pairing"): ask for a code, then poll until an admin confirms it or it expires.
 * An expired code is not renewed by itself, so an abandoned device stops asking; a touch starts a new attempt.
 */
export class Pairing {
  phase = $state<'starting' | 'waiting' | 'expired'>('starting');
  code = $state('');
  /** The admin page with the code filled in, for the QR code. */
  adminUrl = $state('');
  /** When the code expires, on this device's clock. */
  deadline = $state(0);
  /** The last request did not get through; it is being retried. */
  unreachable = $state(false);
  /**
   * The server refused a new code: this address asked too often (or too many devices wait at once). Until when, on
   * this device's clock; it asks again by itself then. 0 when not refused.
   */
  refusedUntil = $state(0);

  readonly #kind: 'kiosk' | 'display';
  readonly #onPaired: (token: string) => void;
  #pairingId = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(kind: 'kiosk' | 'display', onPaired: (token: string) => void) {
    this.#kind = kind;
    this.#onPaired = onPaired;
    void this.#start();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #later(step: () => Promise<void>, ms: number): void {
    if (!this.#closed) this.#timer = setTimeout(() => void step(), ms);
  }

  async #start(): Promise<void> {
    try {
      const res = await fetch('/api/v1/pairing', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: this.#kind } satisfies ApiInput<'startPairing'>),
        cache: 'no-store',
      });
      if (res.status === 429) {
        // Not an unreachable server: say so, and ask again when the server said, not every few seconds.
        const waitMs = Math.max(RETRY_MS, Number(res.headers.get('retry-after')) * 1000 || 0);
        this.unreachable = false;
        this.refusedUntil = Date.now() + waitMs;
        this.#later(() => this.#start(), waitMs);
        return;
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const started = (await res.json()) as Started;
      if (this.#closed) return;
      this.refusedUntil = 0;
      // A display PC's clock may be minutes off: then count down by the server's, from its Date header. The header
      // has whole seconds only, so a second or two of difference is noise, not a wrong clock.
      const serverNow = Date.parse(res.headers.get('date') ?? '') + 500;
      const skew = Number.isNaN(serverNow) || Math.abs(serverNow - Date.now()) < CLOCK_TOLERANCE_MS ? 0 : serverNow - Date.now();
      this.#pairingId = started.pairingId;
      this.code = started.code;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway URL; only its string is kept
      this.adminUrl = new URL(started.adminPath, location.origin).href;
      this.deadline = started.expiresAt - skew;
      this.unreachable = false;
      this.phase = 'waiting';
      this.#later(() => this.#poll(), POLL_MS);
    } catch {
      this.unreachable = true;
      this.#later(() => this.#start(), RETRY_MS);
    }
  }

  async #poll(): Promise<void> {
    if (Date.now() >= this.deadline) {
      this.phase = 'expired';
      return;
    }
    try {
      const res = await fetch(`/api/v1/pairing/${encodeURIComponent(this.#pairingId)}`, { cache: 'no-store' });
      if (this.#closed) return;
      // Expired, or collected by a poll whose answer never arrived: either way this code is finished.
      if (res.status === 404) {
        this.phase = 'expired';
        return;
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const state = (await res.json()) as PairingState;
      if (this.#closed) return;
      this.unreachable = false;
      if (state.state === 'paired') {
        this.close();
        this.#onPaired(state.token);
        return;
      }
    } catch {
      this.unreachable = true;
    }
    this.#later(() => this.#poll(), POLL_MS);
  }
}
