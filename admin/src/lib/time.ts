/**
 * Clock times in the office's time zone (from its settings), not the browser's: a PC set to another zone must
 * still book 10:00 at the office as 10:00 there.
 */

/** "HH:MM" of an instant in the office's time zone. */
export function clockTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** "YYYY-MM-DD" of an instant in the office's time zone. */
export function calendarDate(at: number, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The instant (epoch ms) of a wall-clock date and time in the office's time zone. */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y!, m! - 1, d!, hh!, mm!);
  // The zone's offset at that moment: format the guess in the zone and see how far the wall clock is off.
  // Applied twice so an instant next to a daylight-saving change still lands right.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const shown = Date.parse(`${calendarDate(guess, timeZone)}T${clockTime(guess, timeZone)}:00Z`);
    guess += wall - shown;
  }
  return guess;
}

/** Whole minutes from `since` to `now`, never negative. */
export function minutesSince(since: number, now: number): number {
  return Math.max(0, Math.floor((now - since) / 60_000));
}
