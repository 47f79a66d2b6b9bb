import { type ChartSpec, hasData, hasPartial, PARTIAL_NOTE } from '../client/chart-spec';
import { DISCLOSURE_PATH } from './disclosure';
import { jsonForScript } from './json-script';
import { DataTable, type TableSpec } from './table';

export interface ChartFigureProps {
  /** Unique within the page; used for the canvas id and the data block. */
  id: string;
  title: string;
  /** 出典・データ時点 line. */
  source: string;
  spec: ChartSpec;
  table: TableSpec;
  /** What the chart shows, in one or two sentences, for screen readers. */
  summary: string;
  /** The API CSV download of the same data. */
  csvHref?: string;
  /** Heading level inside the page outline. */
  level?: 2 | 3;
  /** Suppression note, shown when the data holds 秘匿 cells. */
  suppressionNote?: string;
}

/**
 * A chart as the issue requires it: title, canvas with role="img" and a
 * summary, the 出典 line, the same numbers as a server-rendered table in a
 * <details> (works without JavaScript, reachable by keyboard), and a CSV link.
 * The chart data rides along as a JSON block the bundle reads (CSP allows
 * no inline script; a JSON block is never executed).
 */
export function ChartFigure(props: ChartFigureProps) {
  const canvasId = `chart-${props.id}`;
  const headingId = `heading-${props.id}`;
  const Heading = props.level === 3 ? 'h3' : 'h2';
  // Long category lists (26 課題, 19 towns) need room for every label.
  const tall = props.spec.kind === 'horizontal-bar' && props.spec.labels.length > 10;
  // Every chart with a hollow (速報) mark says what it means, on screen and to screen readers.
  const summary = hasPartial(props.spec) ? `${props.summary}${PARTIAL_NOTE}` : props.summary;
  return (
    <section class="chart-figure" aria-labelledby={headingId}>
      <Heading id={headingId}>{props.title}</Heading>
      {hasData(props.spec) ? (
        <>
          <div class={tall ? 'chart-box chart-box-tall' : 'chart-box'}>
            <canvas id={canvasId} role="img" aria-label={`${props.title}: ${summary}`}>
              {summary}
            </canvas>
          </div>
          <script
            type="application/json"
            data-chart-for={canvasId}
            dangerouslySetInnerHTML={{ __html: jsonForScript(props.spec) }}
          />
        </>
      ) : (
        <p class="chart-empty">表示できるデータはまだありません。</p>
      )}
      {hasData(props.spec) && hasPartial(props.spec) ? <p class="chart-source">{PARTIAL_NOTE}</p> : null}
      <p class="chart-source">{props.source}</p>
      {props.suppressionNote ? (
        <p class="chart-source">
          {props.suppressionNote} <a href={DISCLOSURE_PATH}>秘匿の考え方</a>
        </p>
      ) : null}
      <div class="chart-actions">
        <details class="data-table">
          <summary>データ表を表示</summary>
          <DataTable table={props.table} />
        </details>
        {props.csvHref ? (
          <a href={props.csvHref} download>
            CSVダウンロード
          </a>
        ) : null}
      </div>
    </section>
  );
}
