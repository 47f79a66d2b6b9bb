import { getDataset } from '../../src/datasets';
import { AMBIGUOUS_HEADERS, type HeaderAnswers, headerQuestion } from '../../src/ingest/header-answers';

/** The meanings people can give an ambiguous count header (the same for every such header). */
const CHOICES = headerQuestion(getDataset('activities'), AMBIGUOUS_HEADERS[0] as string) ?? [];

/**
 * 見出しの意味: one choice per header that names a count without saying
 * which (相談件数, 件数, 人数 …). Sent with the file as `header` fields
 * (`相談件数=contacts`); blank = not said, so a file with that header is
 * asked about. A town's answer from an earlier accepted upload is chosen
 * already. Open when the last upload asked (dashboard/client/upload.ts).
 */
export function HeaderChoices(props: { remembered: HeaderAnswers }) {
  const said = Object.keys(props.remembered).length > 0;
  return (
    <details id="header-choices" open={said ? true : undefined}>
      <summary>見出しの意味の指定（{AMBIGUOUS_HEADERS.join('・')}）</summary>
      <p>
        「相談件数」のように、延べ・新規・実人数のどれか見出しから分からない列は、自動では取り込みません。ファイルにそのような列があるときは、ここで何の数かを選んでください。取り込めたときは、この市町村の次回以降のアップロードにも同じ指定を使います。
      </p>
      {AMBIGUOUS_HEADERS.map((header, i) => (
        <div>
          <label for={`header-choice-${i}`}>「{header}」の列</label>
          <select id={`header-choice-${i}`} name="header" data-header={header}>
            <option value="">指定しない（列があれば確認します）</option>
            {CHOICES.map((c) => (
              <option value={`${header}=${c.answer}`} selected={props.remembered[header] === c.answer}>
                {c.label}
                {props.remembered[header] === c.answer ? '（この市町村の前回の指定）' : ''}
              </option>
            ))}
          </select>
        </div>
      ))}
    </details>
  );
}
