import type { Call, Language, LocalizedText, PublicView } from '@junban/protocol/screens';

/** A resident called to a counter, or being served there, right now. */
export interface Tile {
  counterId: string;
  number: string;
  /** The call that brought them (the newest, after a recall), to highlight it; null if it is no longer among the recent calls. */
  seq: number | null;
  at: number;
  /** The resident has the hearing need: the tile carries a visible sign, so the call does not rest on sound. */
  hearing?: true;
  /** The newest call was a visual call: the tile flashes longer. */
  visual?: true;
  /** The called resident's language, when they chose one: the tile says the call in it too. */
  language?: Language;
}

/**
 * What the board shows. Big tiles: the residents at a counter now (called or being served), one per counter, newest
 * call first; a counter whose resident was served has no tile. The short list: everyone else called lately (served,
 * sent aside, or at a counter beyond the big tiles), each number once, newest first.
 */
export function boardOf(view: PublicView, counters: readonly string[], big = 3, small = 6): { now: Tile[]; before: Call[] } {
  const calls = shownCalls(view.recentCalls, counters);
  const atCounters = view.counters
    .filter((c) => c.current && (counters.length === 0 || counters.includes(c.id)))
    .map((c): Tile => {
      const { number, calledAt } = c.current!;
      const call = calls.find((k) => k.counterId === c.id && k.number === number);
      const tile: Tile = { counterId: c.id, number, seq: call?.seq ?? null, at: call?.at ?? calledAt };
      if (call?.hearing) tile.hearing = true;
      if (call?.visual) tile.visual = true;
      if (call?.language) tile.language = call.language;
      return tile;
    })
    .sort((a, b) => b.at - a.at);
  const now = atCounters.slice(0, big);
  const seen = new Set(now.map((t) => t.number));
  const before = calls.filter((c) => !seen.has(c.number) && seen.add(c.number)).slice(0, small);
  return { now, before };
}

/**
 * The calls to announce, oldest first, given the highest `seq` already announced (null: nothing seen since the page loaded).
 * Calls made before the page loaded are not announced again, and a sequence that went back means new data: start over from it.
 */
export function takeFresh(calls: readonly Call[], lastSeq: number | null): { fresh: Call[]; lastSeq: number } {
  const max = calls.reduce((m, c) => Math.max(m, c.seq), 0);
  if (lastSeq === null || max < lastSeq) return { fresh: [], lastSeq: max };
  return { fresh: calls.filter((c) => c.seq > lastSeq).reverse(), lastSeq: max };
}

export function counterName(view: PublicView, counterId: string): LocalizedText {
  return view.config.counters.find((c) => c.id === counterId)?.name ?? { ja: counterId, en: counterId };
}

/** Whole minutes, rounded up so that an estimate is never optimistic; null while no counter serves the queue. */
export function estimateMinutes(estimateSec: number | null): number | null {
  return estimateSec === null ? null : Math.ceil(estimateSec / 60);
}

/** The calls for this display: only its counters, or all when it has none set. */
export function shownCalls(calls: readonly Call[], counters: readonly string[]): Call[] {
  return counters.length === 0 ? [...calls] : calls.filter((c) => counters.includes(c.counterId));
}

/**
 * The languages shown under the Japanese, in turn: the display's second language, then any other language the
 * office's names are written in. Japanese itself is always on screen.
 */
export function subLanguages(view: PublicView | null, second: string): string[] {
  const names = view ? [view.config.settings.name, ...view.config.services.map((s) => s.name), ...view.config.counters.map((c) => c.name)] : [];
  const langs = new Set([second]);
  for (const name of names) for (const lang of Object.keys(name)) if (lang !== 'ja') langs.add(lang);
  return [...langs];
}
