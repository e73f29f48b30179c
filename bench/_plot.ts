// SVG charts for the benchmarks, drawn by Vega-Lite (devDependencies vega + vega-lite): a chart
// is a short declarative spec, compiled to a Vega spec and rendered headless to an SVG string
// (no canvas, no browser, no native module; text widths are estimated).
//
// Both charts share one shape: an x axis and two quantities with their own y axes (left and
// right), drawn as lines in their own colours; the axis titles name them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface Series {
  /** The field of each row that holds this series' value. */
  field: string;
  title: string;
  color: string;
  /** Draw a point at each row (few rows), else a plain line. */
  points?: boolean;
  dashed?: boolean;
  /** Start this axis at zero. */
  zero?: boolean;
  /** Line width (2). */
  width?: number;
}

export interface TwoAxisChart {
  title: string;
  subtitle?: string;
  rows: readonly Record<string, number>[];
  x: { field: string; title: string; /** integer ticks only */ integer?: boolean };
  left: Series;
  /** More series on the left axis (its scale and title are the first's). */
  leftMore?: readonly Series[];
  right: Series;
  width?: number;
  height?: number;
}

function layer(series: Series, orient: 'left' | 'right', axisTitle = series.title, axisColor = series.color) {
  return {
    mark: {
      type: 'line' as const,
      color: series.color,
      strokeWidth: 2,
      ...(series.points ? { point: { filled: true, size: 45, color: series.color } } : {}),
      ...(series.dashed ? { strokeDash: [6, 3] } : {}),
      ...(series.width ? { strokeWidth: series.width } : {}),
    },
    encoding: {
      y: {
        field: series.field,
        type: 'quantitative' as const,
        title: axisTitle,
        scale: { zero: series.zero ?? true },
        axis: { orient, titleColor: axisColor },
      },
    },
  };
}

export function twoAxisSpec(chart: TwoAxisChart): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, ...(chart.subtitle ? { subtitle: chart.subtitle } : {}), anchor: 'start' },
    width: chart.width ?? 640,
    height: chart.height ?? 320,
    background: 'white',
    data: { values: chart.rows.map((row) => ({ ...row })) },
    encoding: {
      x: {
        field: chart.x.field,
        type: 'quantitative',
        title: chart.x.title,
        ...(chart.x.integer ? { axis: { tickMinStep: 1, format: 'd' } } : {}),
      },
    },
    layer: [
      { layer: [chart.left, ...(chart.leftMore ?? [])].map((series) => layer(series, 'left', chart.left.title, chart.leftMore?.[0]?.color ?? chart.left.color)) },
      layer(chart.right, 'right'),
    ],
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** The SVG text of a Vega-Lite spec. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a two-axis chart into `path` (folders created). */
export async function writeTwoAxisChart(path: string, chart: TwoAxisChart): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await renderSvg(twoAxisSpec(chart)));
}
