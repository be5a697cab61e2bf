import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMIT, MessageBucket, REFUSED_BEFORE_DISCONNECT } from './limits.js';

const take = (bucket: MessageBucket, n: number, at: number) => Array.from({ length: n }, () => bucket.take(at));

describe("a socket's message limit", () => {
  it('allows a burst of 50, then 20 a second', () => {
    const bucket = new MessageBucket(MESSAGE_LIMIT, 0);
    expect(take(bucket, 50, 0).every((v) => v === 'handle')).toBe(true);
    expect(bucket.take(0)).toBe('refuse');
    expect(take(bucket, 20, 1000).every((v) => v === 'handle')).toBe(true);
    expect(bucket.take(1000)).toBe('refuse');
  });

  it('disconnects only a socket that keeps sending after being refused', () => {
    const bucket = new MessageBucket(MESSAGE_LIMIT, 0);
    take(bucket, 50, 0);
    expect(take(bucket, REFUSED_BEFORE_DISCONNECT, 0).every((v) => v === 'refuse')).toBe(true);
    expect(bucket.take(0)).toBe('disconnect');

    const patient = new MessageBucket(MESSAGE_LIMIT, 0);
    take(patient, 50 + REFUSED_BEFORE_DISCONNECT, 0);
    expect(patient.take(100)).toBe('handle'); // it paused: the count of refusals starts again
    expect(take(patient, REFUSED_BEFORE_DISCONNECT, 100).every((v) => v !== 'disconnect')).toBe(true);
  });
});
