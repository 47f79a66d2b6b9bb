import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  type ChartDataset,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { type ChartSpec, paletteColour, type ScatterPoint } from './chart-spec';

// Only what the pages draw, so esbuild can drop the rest of Chart.js.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

Chart.defaults.font.family = 'system-ui, "Hiragino Sans", "Yu Gothic UI", Meiryo, sans-serif';
Chart.defaults.color = '#1a1a1a';

const HOLLOW = '#ffffff';

function categoryDatasets(spec: ChartSpec): ChartDataset<'bar' | 'line'>[] {
  return spec.series.map((s, i) => {
    const colour = s.colour ?? paletteColour(i);
    const asLine = spec.kind === 'line' || s.percentLine === true;
    const partial = s.partial;
    // A partial value is hollow: an outlined bar, an unfilled point reached by a dotted segment.
    const hollow = partial?.some(Boolean)
      ? asLine
        ? {
            pointBackgroundColor: s.values.map((_, k) => (partial[k] ? HOLLOW : colour)),
            pointRadius: s.values.map((_, k) => (partial[k] ? 5 : 3)),
            pointBorderWidth: 2,
            segment: {
              borderDash: (ctx: { p1DataIndex: number }) => (partial[ctx.p1DataIndex] ? [2, 3] : undefined),
            },
          }
        : {
            backgroundColor: s.values.map((_, k) => (partial[k] ? HOLLOW : colour)),
            borderWidth: s.values.map((_, k) => (partial[k] ? 2 : 0)),
          }
      : {};
    return {
      ...(s.percentLine
        ? { type: 'line' as const, yAxisID: 'percent', stack: `percent-${i}`, order: -1 }
        : {}),
      label: s.label,
      data: s.values,
      backgroundColor: colour,
      borderColor: s.border ?? colour,
      borderDash: s.dashed ? [6, 4] : [],
      borderWidth: asLine ? 2 : s.border ? 1 : 0,
      pointStyle: (['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot'] as const)[i % 6],
      // A line with a single value is only its point: draw it large enough to be seen (on paper too).
      pointRadius: asLine && s.values.filter((v) => v !== null).length === 1 ? 6 : 3,
      spanGaps: false,
      ...hollow,
    };
  });
}

/** Writes each town's name beside its point: a scatter of 19 unnamed dots says little on paper. */
function pointLabels(points: readonly ScatterPoint[]): Plugin<'scatter'> {
  return {
    id: 'pointLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillStyle = '#1a1a1a';
      chart.getDatasetMeta(0).data.forEach((element, i) => {
        const p = points[i];
        if (p) ctx.fillText(p.label, element.x + 7, element.y - 5);
      });
      ctx.restore();
    },
  };
}

/** The text drawn where a value is 秘匿: a labelled gap, never an empty bar that reads as 0. */
export const SUPPRESSED_LABEL = '秘匿';

/** Writes 秘匿 at the base of each suppressed value, in its series' colour. */
function suppressedMarks(spec: ChartSpec): Plugin<'bar' | 'line'> {
  const horizontal = spec.kind === 'horizontal-bar';
  return {
    id: 'suppressedMarks',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const index = horizontal ? chart.scales.y : chart.scales.x;
      const value = horizontal ? chart.scales.x : chart.scales.y;
      if (!index || !value) return;
      ctx.save();
      ctx.font = 'bold 11px system-ui, sans-serif';
      spec.series.forEach((s, si) => {
        if (s.percentLine || !chart.isDatasetVisible(si)) return;
        const bars = chart.getDatasetMeta(si).data;
        s.suppressed?.forEach((hidden, i) => {
          if (!hidden) return;
          ctx.fillStyle = paletteColour(si);
          // A bar's own slot when grouped; the category's centre otherwise.
          const at = bars[i] ? (horizontal ? bars[i].y : bars[i].x) : index.getPixelForValue(i);
          const base = value.getPixelForValue(0);
          if (horizontal) {
            ctx.textAlign = 'left';
            ctx.textBaseline = 'middle';
            ctx.fillText(SUPPRESSED_LABEL, base + 4, at);
          } else {
            ctx.textAlign = 'center';
            ctx.textBaseline = 'bottom';
            ctx.fillText(SUPPRESSED_LABEL, at, base - 3);
          }
        });
      });
      ctx.restore();
    },
  };
}

/** Chart.js configuration for a spec; pure, so unit tests can check it without a canvas. */
export function chartConfig(spec: ChartSpec): ChartConfiguration {
  const suffix = spec.percent ? '%' : '';
  const tick = (v: number | string) => `${Number(v).toLocaleString('ja-JP')}${suffix}`;
  const axisTitle = (text?: string) => (text ? { display: true, text } : { display: false });
  const common = {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    plugins: {
      legend: { display: spec.series.length > 1 || spec.kind === 'scatter', position: 'bottom' as const },
    },
  };
  if (spec.kind === 'scatter') {
    const points = spec.points ?? [];
    return {
      type: 'scatter',
      plugins: [pointLabels(points)],
      data: {
        datasets: [
          {
            label: spec.series[0]?.label ?? '市町村',
            data: points.map((p) => ({ x: p.x, y: p.y })),
            backgroundColor: points.map((p) => (p.highlight ? paletteColour(3) : paletteColour(0))),
            pointRadius: points.map((p) => (p.highlight ? 7 : 4)),
            pointStyle: points.map((p) => (p.highlight ? 'rectRot' : 'circle')),
          },
        ],
      },
      options: {
        ...common,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const p = points[ctx.dataIndex];
                return p ? `${p.label}: ${tick(p.x)} / ${p.y.toLocaleString('ja-JP')}` : '';
              },
            },
          },
        },
        scales: {
          x: { type: 'linear', title: axisTitle(spec.xTitle), ticks: { callback: tick } },
          y: { type: 'linear', title: axisTitle(spec.yTitle), beginAtZero: true },
        },
      },
    };
  }
  const stacked = spec.kind === 'stacked-bar';
  const horizontal = spec.kind === 'horizontal-bar';
  return {
    type: spec.kind === 'line' ? 'line' : 'bar',
    plugins: spec.series.some((s) => s.suppressed?.some(Boolean)) ? [suppressedMarks(spec)] : [],
    data: { labels: spec.labels, datasets: categoryDatasets(spec) },
    options: {
      ...common,
      indexAxis: horizontal ? 'y' : 'x',
      scales: {
        x: {
          stacked,
          title: axisTitle(spec.xTitle),
          ...(horizontal ? { beginAtZero: true, ticks: { callback: tick } } : {}),
        },
        y: {
          stacked,
          title: axisTitle(spec.yTitle),
          // Every category label shown: a skipped 課題 name would leave a bar unnamed.
          ...(horizontal ? { ticks: { autoSkip: false } } : { beginAtZero: true, ticks: { callback: tick } }),
        },
        ...(spec.series.some((s) => s.percentLine)
          ? {
              // Each share is its own value, never a sum: no stacking on this axis.
              percent: {
                stacked: false,
                position: 'right',
                min: 0,
                max: 100,
                grid: { drawOnChartArea: false },
                ticks: { callback: (v: number | string) => `${v}%` },
              },
            }
          : {}),
      },
    },
  } as ChartConfiguration;
}

/**
 * Draws every chart whose data block is in the page, then marks the body so
 * tests and the page-time benchmark know the pictures are there.
 */
export function renderCharts(root: Document): Chart[] {
  const charts: Chart[] = [];
  for (const block of root.querySelectorAll<HTMLScriptElement>(
    'script[type="application/json"][data-chart-for]',
  )) {
    const canvas = root.getElementById(block.dataset.chartFor ?? '');
    if (!(canvas instanceof HTMLCanvasElement)) continue;
    const spec = JSON.parse(block.textContent ?? '{}') as ChartSpec;
    const config = chartConfig(spec);
    // A chart meant for paper (the 訪問準備 pack) is drawn at 3x, so it prints sharp at A4 width.
    if (canvas.closest('[data-print-sharp]'))
      config.options = { ...config.options, devicePixelRatio: Math.max(window.devicePixelRatio || 1, 3) };
    charts.push(new Chart(canvas, config));
  }
  return charts;
}
