/** How many recent service times the estimate looks at. */
export const SERVICE_TIME_WINDOW = 20;

/** The median of recent service times: one very long case (a complicated move-in) does not skew it. */
export function robustServiceSec(recent: readonly number[], fallbackSec: number): number {
  if (recent.length === 0) return fallbackSec;
  const sorted = [...recent].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The protocol's, since the city's public face and the phones move a place along with its line the same way. */
export { estimateWaitSec } from '@junban/protocol';

/** Keeps the last SERVICE_TIME_WINDOW service times per service. */
export class ServiceTimes {
  private readonly recent = new Map<string, number[]>();

  add(serviceId: string, seconds: number): void {
    const list = this.recent.get(serviceId) ?? [];
    list.push(seconds);
    if (list.length > SERVICE_TIME_WINDOW) list.shift();
    this.recent.set(serviceId, list);
  }

  of(serviceId: string): readonly number[] {
    return this.recent.get(serviceId) ?? [];
  }
}
