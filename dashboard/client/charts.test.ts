import { describe, expect, it } from 'vitest';
import { hasData, OKABE_ITO } from './chart-spec';
import { chartConfig } from './charts';

describe('chartConfig', () => {
  it('stacks bars, draws without animation and uses the Okabe–Ito palette', () => {
    const config = chartConfig({
      kind: 'stacked-bar',
      labels: ['R3 (2021)'],
      series: [
        { label: '実施', values: [1] },
        { label: '移行準備事業', values: [2] },
      ],
    });
    expect(config.type).toBe('bar');
    expect(config.options?.animation).toBe(false);
    const scales = config.options?.scales as Record<string, { stacked?: boolean }>;
    expect(scales.x?.stacked).toBe(true);
    expect(config.data.datasets.map((d) => d.backgroundColor)).toEqual([OKABE_ITO[0], OKABE_ITO[1]]);
  });

  it('draws a line that has one value as a larger point, so a town with one year is seen', () => {
    const config = chartConfig({
      kind: 'line',
      labels: ['1年目', '2年目'],
      series: [
        { label: '1年だけ', values: [3, null] },
        { label: '2年', values: [3, 4] },
      ],
    });
    expect(config.data.datasets.map((d) => (d as { pointRadius?: number }).pointRadius)).toEqual([6, 3]);
  });

  it('keeps a suppressed value as a gap, never as zero', () => {
    const config = chartConfig({
      kind: 'line',
      labels: ['a', 'b'],
      series: [{ label: 'x', values: [3, null] }],
    });
    expect(config.data.datasets[0]?.data).toEqual([3, null]);
  });

  it('labels a 秘匿 value on the chart (a plugin draws 秘匿 at its base), only when there is one', () => {
    const withHidden = chartConfig({
      kind: 'horizontal-bar',
      labels: ['a', 'b'],
      series: [{ label: 'x', values: [3, null], suppressed: [false, true] }],
    });
    expect(withHidden.plugins?.map((p) => p.id)).toEqual(['suppressedMarks']);
    const none = chartConfig({ kind: 'bar', labels: ['a'], series: [{ label: 'x', values: [null] }] });
    expect(none.plugins ?? []).toEqual([]);
  });

  it('draws a partial value hollow, bars and points alike, and only that value', () => {
    const bars = chartConfig({
      kind: 'bar',
      labels: ['R6', 'R7', 'R8'],
      series: [{ label: 'x', values: [3, 4, 1], partial: [false, false, true] }],
    });
    const bar = bars.data.datasets[0] as unknown as { backgroundColor: string[]; borderWidth: number[] };
    expect(bar.backgroundColor).toEqual([OKABE_ITO[0], OKABE_ITO[0], '#ffffff']);
    expect(bar.borderWidth).toEqual([0, 0, 2]);
    const line = chartConfig({
      kind: 'line',
      labels: ['R6', 'R7', 'R8'],
      series: [{ label: 'x', values: [3, 4, 1], partial: [false, false, true] }],
    }).data.datasets[0] as unknown as {
      pointBackgroundColor: string[];
      segment: { borderDash: (ctx: { p1DataIndex: number }) => number[] | undefined };
    };
    expect(line.pointBackgroundColor).toEqual([OKABE_ITO[0], OKABE_ITO[0], '#ffffff']);
    expect(line.segment.borderDash({ p1DataIndex: 2 })).toEqual([2, 3]);
    expect(line.segment.borderDash({ p1DataIndex: 1 })).toBeUndefined();
    // Nothing partial: the plain colour, no per-point arrays.
    const plain = chartConfig({ kind: 'bar', labels: ['a'], series: [{ label: 'x', values: [1] }] });
    expect(plain.data.datasets[0]?.backgroundColor).toBe(OKABE_ITO[0]);
  });

  it('turns horizontal bars sideways and shows every category label', () => {
    const config = chartConfig({
      kind: 'horizontal-bar',
      labels: ['独居'],
      series: [{ label: '件数', values: [3] }],
    });
    expect(config.options?.indexAxis).toBe('y');
    const scales = config.options?.scales as Record<string, { ticks?: { autoSkip?: boolean } }>;
    expect(scales.y?.ticks?.autoSkip).toBe(false);
  });
});

describe('hasData', () => {
  it('is false when every value is 秘匿 or missing, so the page says so instead of drawing empty axes', () => {
    expect(hasData({ kind: 'bar', labels: ['a'], series: [{ label: 'x', values: [null] }] })).toBe(false);
    expect(hasData({ kind: 'bar', labels: ['a'], series: [{ label: 'x', values: [0] }] })).toBe(true);
    expect(hasData({ kind: 'scatter', labels: [], series: [], points: [] })).toBe(false);
  });
});

describe('percent lines over bars', () => {
  it('draws a share as a line on its own 0–100% right-hand axis, not stacked with the counts', () => {
    const config = chartConfig({
      kind: 'stacked-bar',
      labels: ['R6 (2024)'],
      series: [
        { label: '実施', values: [5] },
        { label: '人口割合', values: [60.2], percentLine: true },
        { label: '全国', values: [19.9], percentLine: true, dashed: true },
      ],
    });
    const [bars, line, national] = config.data.datasets as {
      type?: string;
      yAxisID?: string;
      stack?: string;
    }[];
    expect(bars?.type).toBeUndefined();
    expect(line).toMatchObject({ type: 'line', yAxisID: 'percent' });
    expect(national?.stack).not.toBe(line?.stack);
    const scales = config.options?.scales as Record<
      string,
      { position?: string; max?: number; stacked?: boolean }
    >;
    expect(scales.percent).toMatchObject({ position: 'right', max: 100, stacked: false });
  });
});
