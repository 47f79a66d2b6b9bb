import { DATASETS } from '../../src/datasets';
import { fyLabel, municipalityName } from './format';
import { Layout, type LayoutProps } from './layout';
import type { SubmissionCell, SubmissionRow } from './submissions-view';

function Period(props: { cell: SubmissionCell }) {
  const p = props.cell.latestPeriod;
  if (!p) return <>未提出</>;
  return <>{p.fiscalYear !== undefined ? fyLabel(p.fiscalYear) : `基準日 ${p.asOf}`}</>;
}

/** The outcome, linking to the report for a viewer who may read it (else no id nor error count is known). */
function LastOutcome(props: { last: NonNullable<SubmissionCell['last']> }) {
  const { last } = props;
  const accepted = last.status === 'accepted';
  const label = accepted ? '受理' : last.errors !== undefined ? `却下（エラー${last.errors}件）` : '却下';
  const outcome = <span class={accepted ? 'status-accepted' : 'status-rejected'}>{label}</span>;
  if (last.uploadId === undefined) return outcome;
  return <a href={`/uploads/${encodeURIComponent(last.uploadId)}`}>{outcome}</a>;
}

function SubmissionTd(props: { cell: SubmissionCell }) {
  const { cell } = props;
  return (
    <td class={cell.stale ? 'unstable' : undefined}>
      <Period cell={cell} />
      {cell.stale ? <span class="stale">（更新が必要）</span> : null}
      {cell.last ? (
        <>
          <br />
          <small>
            最終 {cell.last.at.slice(0, 10)} <LastOutcome last={cell.last} />
          </small>
        </>
      ) : null}
    </td>
  );
}

/** データ提出状況: municipality × dataset, newest period held, last upload and its outcome. */
export function SubmissionsPage(
  props: Omit<LayoutProps, 'title' | 'children'> & { rows: SubmissionRow[]; today: string },
) {
  return (
    <Layout {...props} title="データ提出状況" current="submissions">
      <h1>データ提出状況</h1>
      <p class="lead">
        市町村 ×
        データ種別ごとに、取り込まれている最新の年度（または基準日）と最後のアップロードの結果を示します（
        {props.today}
        現在）。「更新が必要」は、最新の年度が前年度より古い、または基準日が18か月より前のものです。
      </p>
      <div class="table-scroll">
        <table>
          <caption>データ提出状況（市町村 × データ種別）</caption>
          <thead>
            <tr>
              <th scope="col">市町村</th>
              {DATASETS.map((d) => (
                <th scope="col">{d.title}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                <th scope="row">{municipalityName(row.code)}</th>
                {DATASETS.map((d) => (
                  <SubmissionTd cell={row.cells[d.name]} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
