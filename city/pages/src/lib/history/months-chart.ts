/**
 * The office's months as a chart, drawn as the office's own insights draw their trend (admin's `trendOption`: the
 * same series, scales and colours), so a manager who knows one reads the other. ECharts with only what this chart
 * uses, as SVG: it prints without blurring and its text stays text.
 */
import { use, init, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { PeriodStats } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

const textStyle = { fontFamily: "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', system-ui, sans-serif" };

/** Arrivals per open day as bars, the mean wait (minutes) and the service level (%) as lines: busy seasons stand out. */
export function monthsOption(months: readonly PeriodStats[]): ChartOption {
  const minutes = (sec: number | null) => (sec === null ? null : Math.round((sec / 60) * 10) / 10);
  const percent = (share: number | null) => (share === null ? null : Math.round(share * 100));
  const t = say.city.history.chart;
  return {
    textStyle,
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, itemGap: 16 },
    grid: { left: 72, right: 118, top: 40, bottom: 36 },
    xAxis: { type: 'category', data: months.map((m) => `${m.period.slice(0, 4)}/${Number(m.period.slice(5, 7))}`) },
    yAxis: [
      { type: 'value', name: `${t.perDayAxis.ja()} ${t.perDayAxis.en()}`, position: 'left', nameLocation: 'middle', nameRotate: 90, nameGap: 52 },
      { type: 'value', name: `${t.waitAxis.ja()} ${t.waitAxis.en()}`, position: 'right', nameLocation: 'middle', nameRotate: 90, nameGap: 34 },
      {
        type: 'value',
        name: 'SL %',
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
        data: months.map((m) => Math.round(m.arrivalsPerDay * 10) / 10),
        itemStyle: { color: '#8fb3d9' },
      },
      { type: 'line', name: t.meanWait(), yAxisIndex: 1, data: months.map((m) => minutes(m.wait.mean)), itemStyle: { color: '#c2410c' } },
      {
        type: 'line',
        name: t.serviceLevel(),
        yAxisIndex: 2,
        data: months.map((m) => percent(m.serviceLevel.share)),
        itemStyle: { color: '#15803d' },
      },
    ],
  };
}

/** A chart in `el`, redrawn when the element changes size; the handle lets it go. */
export function mountChart(el: HTMLElement): { chart: EChartsType; destroy(): void } {
  const chart = init(el, null, { renderer: 'svg' });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  return {
    chart,
    destroy() {
      observer.disconnect();
      chart.dispose();
    },
  };
}
