import type { Durations } from '@junban/protocol';

/**
 * Durations kept as counts per bucket, so a day's figures can be stored once and any date range merged later:
 * medians and 90th percentiles of three years come from adding a few thousand small tables, not from re-reading
 * millions of events. Buckets are 10 seconds wide up to an hour, a minute up to six hours, ten minutes beyond;
 * percentiles are exact to their bucket (reported at its middle), counts, sums and maxima exactly.
 */
const FINE_END = 3600;
const MEDIUM_END = 6 * 3600;
const BUCKETS = FINE_END / 10 + (MEDIUM_END - FINE_END) / 60 + 36;

export function bucketOf(sec: number): number {
  const s = Math.max(0, sec);
  if (s < FINE_END) return Math.floor(s / 10);
  if (s < MEDIUM_END) return FINE_END / 10 + Math.floor((s - FINE_END) / 60);
  return Math.min(BUCKETS - 1, FINE_END / 10 + (MEDIUM_END - FINE_END) / 60 + Math.floor((s - MEDIUM_END) / 600));
}

/** The bucket's lower and upper bounds in seconds. */
export function bucketBounds(b: number): [number, number] {
  if (b < FINE_END / 10) return [b * 10, b * 10 + 10];
  const m = b - FINE_END / 10;
  if (m < (MEDIUM_END - FINE_END) / 60) return [FINE_END + m * 60, FINE_END + m * 60 + 60];
  const l = m - (MEDIUM_END - FINE_END) / 60;
  return [MEDIUM_END + l * 600, MEDIUM_END + l * 600 + 600];
}

/** Each bucket's upper bound, looked up instead of worked out: the history views test millions of buckets. */
const UPPER = Float64Array.from({ length: BUCKETS }, (_, b) => bucketBounds(b)[1]);

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  sum = 0;
  max: number | null = null;

  add(sec: number, times = 1): void {
    this.counts[bucketOf(sec)]! += times;
    this.count += times;
    this.sum += sec * times;
    if (this.max === null || sec > this.max) this.max = sec;
  }

  merge(other: Histogram): void {
    for (let b = 0; b < BUCKETS; b++) this.counts[b]! += other.counts[b]!;
    this.count += other.count;
    this.sum += other.sum;
    if (other.max !== null && (this.max === null || other.max > this.max)) this.max = other.max;
  }

  /** Nearest rank: the bucket holding the ⌈p·n⌉-th smallest duration, at its middle. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) {
        const [lo, hi] = bucketBounds(b);
        // The bucket's middle, but never past the longest duration seen (a median above the maximum reads wrong).
        return Math.min((lo + hi) / 2, this.max ?? Infinity);
      }
    }
    return null;
  }

  durations(): Durations {
    return {
      count: this.count,
      mean: this.count ? Math.round(this.sum / this.count) : null,
      median: this.percentile(0.5),
      p90: this.percentile(0.9),
      max: this.max,
    };
  }

  /** Sum, maximum (NaN for none), then (bucket, count) pairs of the non-empty buckets: a few hundred bytes a day. */
  toBuffer(): Buffer {
    let used = 0;
    for (const c of this.counts) if (c) used++;
    const view = new DataView(new ArrayBuffer(16 + used * 6));
    view.setFloat64(0, this.sum, true);
    view.setFloat64(8, this.max ?? Number.NaN, true);
    let at = 16;
    for (let b = 0; b < BUCKETS; b++) {
      if (!this.counts[b]) continue;
      view.setUint16(at, b, true);
      view.setUint32(at + 2, this.counts[b]!, true);
      at += 6;
    }
    return Buffer.from(view.buffer);
  }

  /** A stored histogram's count, and how many were under `sec` (a bucket boundary): service levels, without merging. */
  static countsIn(buffer: Uint8Array, sec: number): { count: number; atMost: number } {
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    let count = 0;
    let atMost = 0;
    for (let at = 16; at + 6 <= buffer.byteLength; at += 6) {
      const n = view.getUint32(at + 2, true);
      count += n;
      if (UPPER[view.getUint16(at, true)]! <= sec) atMost += n;
    }
    return { count, atMost };
  }

  /** Adds a stored histogram without building an object for it: the history views merge thousands. */
  mergeBuffer(buffer: Uint8Array): void {
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    this.sum += view.getFloat64(0, true);
    const max = view.getFloat64(8, true);
    if (!Number.isNaN(max) && (this.max === null || max > this.max)) this.max = max;
    for (let at = 16; at + 6 <= buffer.byteLength; at += 6) {
      const n = view.getUint32(at + 2, true);
      this.counts[view.getUint16(at, true)]! += n;
      this.count += n;
    }
  }
}
