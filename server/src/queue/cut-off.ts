/**
 * The cut-off for issuing (issue 20): a procedure stops taking new numbers before the office closes, so that those
 * already waiting can still be served. Pure: the caller gives the time, the day and the procedure's line.
 *
 * A procedure is cut off from its last-issue time, or once a newcomer's estimated wait would end after closing
 * time, or once its daily cap of numbers is reached. Residents already waiting are not touched: they are called after
 * closing too (state.ts `servingFrom`), and the day closes for them when the last of them is done.
 */
import type { CutOff, OfficeSettings, Service } from '@junban/protocol';
import { instantOf } from './business-day.js';

export interface CutOffInput {
  now: number;
  /** The business day a number taken now would belong to. */
  businessDate: string;
  settings: Pick<OfficeSettings, 'hours' | 'timeZone'>;
  /** Numbers issued today for the procedure so far. */
  issuedToday: number;
  /** The estimated wait of someone joining its line now; null while no counter serving it is open. */
  estimateSec: number | null;
}

/** Why the procedure takes no new number now, or undefined when it does. */
export function cutOffOf(service: Pick<Service, 'cutOff'>, input: CutOffInput): CutOff | undefined {
  const rule = service.cutOff;
  if (!rule) return undefined;
  const { now, businessDate, settings } = input;
  if (rule.dailyCap !== undefined && input.issuedToday >= rule.dailyCap) return { kind: 'cap', cap: rule.dailyCap };
  if (rule.lastIssue !== undefined && now >= instantOf(businessDate, rule.lastIssue, settings.timeZone)) return { kind: 'time', at: rule.lastIssue };
  if (rule.beforeClosing && input.estimateSec !== null) {
    const closes = instantOf(businessDate, settings.hours.close, settings.timeZone);
    // Only on a day that closes after it opens (an office open around the clock has no closing to beat).
    if (settings.hours.open < settings.hours.close && now + input.estimateSec * 1000 > closes) return { kind: 'estimate', closes: settings.hours.close };
  }
  return undefined;
}

/** The refusal's message for staff and the log; residents' screens say it in their language from the code and reason. */
export function cutOffMessage(serviceId: string, why: CutOff): string {
  const what = `No more numbers today for "${serviceId}"`;
  if (why.kind === 'time') return `${what}: the last number is issued before ${why.at}. Those waiting are still served.`;
  if (why.kind === 'estimate') return `${what}: a newcomer would not be called before closing at ${why.closes}. Those waiting are still served.`;
  return `${what}: its daily cap of ${why.cap} numbers is reached. Those waiting are still served.`;
}
