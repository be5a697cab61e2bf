/**
 * The options of the manager's charts, built from the server's figures. Pure functions: the pages hand the result
 * to <Chart>.
 */
import type { ForecastHour, HeatmapCell, PeriodStats, WhatIfHour } from '@junban/protocol/screens';
import { weekdays as WEEKDAY_NAMES } from '$lib/labels';
import { daysInMonth, shortDate, weekdayOf } from './dates';
import { colours, type ChartOption } from './echarts';
import { hourLabel, minutesValue, percentValue } from './format';
import { say } from '$shared/staff-words';

const t = say.insights.charts;
/** An axis's name: its Japanese and its English side by side, without the slash (there is little room). */
const axis = (ja: string, en: string) => `${ja} ${en}`;

const legend = { top: 0, itemGap: 16 } as const;
const grid = { left: 56, right: 110, top: 40, bottom: 36 } as const;

/** The hours a day of this office spans: from the opening hour to the hour it closes in (17:15 → 17). */
export function officeHours(hours: { open: string; close: string }): number[] {
  const open = Number(hours.open.slice(0, 2));
  const [ch, cm] = hours.close.split(':').map(Number);
  const last = cm! > 0 ? ch! : ch! - 1;
  return Array.from({ length: Math.max(0, last - open + 1) }, (_, i) => open + i);
}

/**
 * Monday first, as office rotas are written: the weekdays the range has open days of, or, with none yet, those the
 * office is not closed on.
 */
export function shownWeekdays(cells: readonly HeatmapCell[], closedWeekdays: readonly number[]): number[] {
  const order = [1, 2, 3, 4, 5, 6, 0];
  const worked = order.filter((d) => cells.some((c) => c.weekday === d && c.days > 0 && c.arrivalsPerDay > 0));
  return worked.length > 0 ? worked : order.filter((d) => !closedWeekdays.includes(d));
}

export type HeatmapMode = 'arrivals' | 'wait';

/** Pixels under the heatmap's cells: the hour labels, then the legend with the values above its handles. */
export const HEATMAP_BOTTOM = 104;

/** The average day: weekdays down, hours across; arrivals per day or mean wait in each cell. */
export function heatmapOption(cells: readonly HeatmapCell[], mode: HeatmapMode, hours: readonly number[], weekdays: readonly number[]): ChartOption {
  const allHours = [...new Set([...hours, ...cells.filter((c) => c.arrivalsPerDay > 0).map((c) => c.hour)])].sort((a, b) => a - b);
  const data: [number, number, number | '-'][] = [];
  let max = 0;
  for (const c of cells) {
    const x = allHours.indexOf(c.hour);
    const y = weekdays.indexOf(c.weekday);
    if (x < 0 || y < 0) continue;
    const value = mode === 'arrivals' ? Math.round(c.arrivalsPerDay * 10) / 10 : minutesValue(c.meanWaitSec);
    if (value !== null) max = Math.max(max, value);
    data.push([x, y, value ?? '-']);
  }
  return {
    tooltip: { position: 'top' },
    // Room under the hour labels for the legend and the values its handles show above it (Heatmap.svelte's height
    // counts these margins).
    grid: { left: 70, right: 20, top: 10, bottom: HEATMAP_BOTTOM },
    xAxis: { type: 'category', data: allHours.map(hourLabel), splitArea: { show: true } },
    yAxis: { type: 'category', inverse: true, data: weekdays.map((d) => `${WEEKDAY_NAMES[d]!.ja} ${WEEKDAY_NAMES[d]!.en}`), splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: Math.max(1, Math.ceil(max)),
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      text: mode === 'arrivals' ? [t.busy(), t.quiet()] : [t.long(), t.short()],
      inRange: { color: mode === 'arrivals' ? ['#f1f5fb', '#8fb3d9', '#1d3a5f'] : ['#fff7ed', '#fdba74', '#c2410c'] },
    },
    series: [
      {
        type: 'heatmap',
        name: mode === 'arrivals' ? say.insights.heatmap.arrivals() : say.insights.heatmap.wait(),
        data,
        label: { show: true, fontSize: 10 },
      },
    ],
  };
}

/** Arrivals per open day as bars, with the mean wait and the service level as lines: busy seasons stand out. */
export function trendOption(periods: readonly PeriodStats[], by: 'month' | 'day'): ChartOption {
  const label = (p: string) => (by === 'month' ? `${p.slice(0, 4)}/${Number(p.slice(5, 7))}` : shortDate(p));
  return {
    tooltip: { trigger: 'axis' },
    legend,
    // Three scales: their titles run along their axes, clear of the legend above and of each other (above the
    // two right-hand axes they ran into one another).
    grid: { ...grid, left: 72, right: 118 },
    xAxis: { type: 'category', data: periods.map((p) => label(p.period)) },
    yAxis: [
      { type: 'value', name: axis(t.perDay.ja(), t.perDay.en()), position: 'left', nameLocation: 'middle', nameRotate: 90, nameGap: 52 },
      { type: 'value', name: axis(t.waitAxis.ja(), t.waitAxis.en()), position: 'right', nameLocation: 'middle', nameRotate: 90, nameGap: 34 },
      {
        type: 'value',
        name: t.levelAxis.en(),
        position: 'right',
        offset: 58,
        min: 0,
        max: 100,
        splitLine: { show: false },
        nameLocation: 'middle',
        nameRotate: 90,
        nameGap: 40,
      },
    ],
    series: [
      {
        type: 'bar',
        name: t.arrivalsPerDay(),
        data: periods.map((p) => Math.round(p.arrivalsPerDay * 10) / 10),
        itemStyle: { color: colours.arrivals },
      },
      {
        type: 'line',
        name: t.meanWait(),
        yAxisIndex: 1,
        data: periods.map((p) => minutesValue(p.wait.mean)),
        itemStyle: { color: colours.wait },
        connectNulls: false,
      },
      {
        type: 'line',
        name: say.insights.columns.serviceLevel(),
        yAxisIndex: 2,
        data: periods.map((p) => percentValue(p.serviceLevel.share)),
        itemStyle: { color: colours.level },
      },
    ],
  };
}

/**
 * The month day by day, every day of it (none on days closed or to come): arrivals as bars, the mean wait as a line
 * that stops on those days rather than running across a weekend nobody waited in.
 */
export function dailyOption(periods: readonly PeriodStats[], month: string): ChartOption {
  const byDate = new Map(periods.map((p) => [p.period, p]));
  const days = Array.from({ length: daysInMonth(month) }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid: { ...grid, right: 56 },
    xAxis: {
      type: 'category',
      data: days.map((d) => `${Number(d.slice(8, 10))}\n${WEEKDAY_NAMES[weekdayOf(d)]!.ja}`),
      axisLabel: { interval: 0, fontSize: 10 },
    },
    yAxis: [
      { type: 'value', name: axis(t.visitsAxis.ja(), t.visitsAxis.en()), minInterval: 1 },
      { type: 'value', name: axis(t.waitAxis.ja(), t.waitAxis.en()), splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: say.insights.columns.arrivals(), data: days.map((d) => byDate.get(d)?.arrivals ?? 0), itemStyle: { color: colours.arrivals } },
      {
        type: 'line',
        name: t.meanWait(),
        yAxisIndex: 1,
        data: days.map((d) => minutesValue(byDate.get(d)?.wait.mean)),
        itemStyle: { color: colours.wait },
        connectNulls: false,
      },
    ],
  };
}

/** Counters needed hour by hour over the forecast's dates. */
export function staffingOption(hours: readonly ForecastHour[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid: { ...grid, right: 20, bottom: 56 },
    xAxis: { type: 'category', data: hours.map((h) => `${shortDate(h.date)} ${hourLabel(h.hour)}`), axisLabel: { rotate: 45, fontSize: 9 } },
    yAxis: { type: 'value', name: axis(t.countersAxis.ja(), t.countersAxis.en()), minInterval: 1 },
    series: [
      { type: 'bar', name: say.insights.forecast.shared(), data: hours.map((h) => h.simulated), itemStyle: { color: colours.planned } },
      {
        type: 'line',
        name: say.insights.forecast.erlang(),
        data: hours.map((h) => h.erlangTotal),
        step: 'middle',
        itemStyle: { color: colours.counters },
        symbol: 'none',
      },
    ],
  };
}

/**
 * A replayed day: the three waits per hour as lines, the counters open in reality and in the plan as bars. The real
 * waits are drawn on top: the plan as it opens is the real staffing, and its line would otherwise cover them.
 */
export function whatIfOption(hours: readonly WhatIfHour[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid: { ...grid, right: 60 },
    xAxis: { type: 'category', data: hours.map((h) => hourLabel(h.hour)) },
    yAxis: [
      { type: 'value', name: axis(t.waitAxis.ja(), t.waitAxis.en()) },
      { type: 'value', name: axis(t.openAxis.ja(), t.openAxis.en()), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: t.actualCounters(), yAxisIndex: 1, data: hours.map((h) => h.actual.counters), itemStyle: { color: '#dbe3ee' } },
      { type: 'bar', name: t.plannedCounters(), yAxisIndex: 1, data: hours.map((h) => h.planned.counters), itemStyle: { color: '#a9bcd4' } },
      { type: 'line', name: t.actualWait(), data: hours.map((h) => minutesValue(h.actual.meanWaitSec)), itemStyle: { color: colours.wait }, z: 4 },
      {
        type: 'line',
        name: t.replayed(),
        data: hours.map((h) => minutesValue(h.replayed.meanWaitSec)),
        itemStyle: { color: colours.replayed },
        lineStyle: { type: 'dashed' },
        z: 3,
      },
      {
        type: 'line',
        name: t.planned(),
        data: hours.map((h) => minutesValue(h.planned.meanWaitSec)),
        itemStyle: { color: colours.planned },
        lineStyle: { width: 3 },
      },
    ],
  };
}
