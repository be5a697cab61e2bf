/**
 * ECharts, with only what the manager's charts use (tree-shaken), drawn as SVG: SVG scales to the printed page
 * without blurring and its text stays text.
 */
import { use, init, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, type BarSeriesOption, type HeatmapSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, HeatmapChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

/** A chart in `el`, redrawn when the element changes size; the returned handle updates it and lets it go. */
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

/** The figures' colours, the same on every chart: arrivals, waits, service level, and the model's lines. */
export const colours = {
  arrivals: '#8fb3d9',
  wait: '#c2410c',
  level: '#15803d',
  replayed: '#7c3aed',
  planned: '#1d3a5f',
  counters: '#94a3b8',
} as const;

/** Shared text style: the staff screens' Japanese font, so charts and tables read alike. */
export const textStyle = { fontFamily: "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', system-ui, sans-serif" };
