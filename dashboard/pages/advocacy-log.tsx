import type { VisitLogEntry } from '../services/visit-log';
import { formatDateJa, formatDateTimeJst } from './format';

export interface VisitFormState {
  /** The entry the form corrects; absent for a new entry. */
  entryId?: string;
  errors: Record<string, string>;
  values: Record<string, string>;
}

function Field(props: { id: string; label: string; error?: string; children: unknown }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.error ? (
        <p class="status-rejected" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** The four fields of an entry; `prefix` keeps ids unique when a page holds several forms. */
function EntryFields(props: { prefix: string; state?: VisitFormState; entry?: VisitLogEntry }) {
  const errors = props.state?.errors ?? {};
  const values: Record<string, string> = props.state?.values ?? {
    visited_on: props.entry?.visited_on ?? '',
    met_with: props.entry?.met_with ?? '',
    next_steps: props.entry?.next_steps ?? '',
    follow_up_on: props.entry?.follow_up_on ?? '',
  };
  const id = (f: string) => `${props.prefix}${f}`;
  const described = (f: string) => (errors[f] ? `${id(f)}-error` : undefined);
  return (
    <>
      <Field id={id('visited_on')} label="訪問日（必須）" error={errors.visited_on}>
        <input
          type="date"
          id={id('visited_on')}
          name="visited_on"
          required
          value={values.visited_on ?? ''}
          aria-describedby={described('visited_on')}
        />
      </Field>
      <Field id={id('met_with')} label="面談した相手（必須）" error={errors.met_with}>
        <input
          type="text"
          id={id('met_with')}
          name="met_with"
          required
          maxlength={200}
          value={values.met_with ?? ''}
          aria-describedby={described('met_with')}
        />
      </Field>
      <Field id={id('next_steps')} label="合意した次のステップ（必須）" error={errors.next_steps}>
        <textarea
          id={id('next_steps')}
          name="next_steps"
          required
          rows={3}
          maxlength={1000}
          aria-describedby={described('next_steps')}
        >
          {values.next_steps ?? ''}
        </textarea>
      </Field>
      <Field id={id('follow_up_on')} label="フォローアップ日" error={errors.follow_up_on}>
        <input
          type="date"
          id={id('follow_up_on')}
          name="follow_up_on"
          value={values.follow_up_on ?? ''}
          aria-describedby={described('follow_up_on')}
        />
      </Field>
    </>
  );
}

/** Correct or withdraw one entry: two plain forms (no JavaScript), each with its reason. */
function EntryActions(props: {
  code: string;
  entry: VisitLogEntry;
  csrfToken: string;
  state?: VisitFormState;
}) {
  const { entry } = props;
  const prefix = `e${entry.id}-`;
  const errors = props.state?.errors ?? {};
  return (
    <details class="visit-actions" open={props.state ? true : undefined}>
      <summary>{formatDateJa(entry.visited_on)} の記録を訂正・取り下げ</summary>
      <form class="stack" method="post" action={`/advocacy/${props.code}/visits/${entry.id}`}>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <EntryFields prefix={prefix} state={props.state} entry={entry} />
        <Field id={`${prefix}reason`} label="訂正の理由（必須）" error={errors.reason}>
          <input
            type="text"
            id={`${prefix}reason`}
            name="reason"
            required
            maxlength={500}
            value={props.state?.values.reason ?? ''}
          />
        </Field>
        <div>
          <button type="submit">訂正する</button>
        </div>
      </form>
      <form class="stack" method="post" action={`/advocacy/${props.code}/visits/${entry.id}/withdraw`}>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <Field id={`${prefix}withdraw-reason`} label="取り下げの理由（必須）">
          <input type="text" id={`${prefix}withdraw-reason`} name="reason" required maxlength={500} />
        </Field>
        <div>
          <button type="submit">この記録を取り下げる</button>
        </div>
      </form>
    </details>
  );
}

/**
 * 訪問記録: the team's internal log — on screen only, never on the printed
 * pack (the whole section is .no-print). Entries can be added, corrected
 * and withdrawn; each change is audited by the route.
 */
export function VisitLogSection(props: {
  code: string;
  townName: string;
  log: VisitLogEntry[];
  csrfToken: string;
  form?: VisitFormState;
  saved?: string;
}) {
  const { form } = props;
  const newForm = form && form.entryId === undefined ? form : undefined;
  return (
    <section class="no-print visit-log" aria-labelledby="log-heading">
      <h2 id="log-heading">訪問記録（推進チーム内部用・印刷されません）</h2>
      {props.saved ? (
        <p class="status-accepted" role="status">
          {props.saved}
        </p>
      ) : null}
      <div class="table-scroll">
        <table>
          <caption>{`${props.townName}への訪問記録（新しい順）`}</caption>
          <thead>
            <tr>
              <th scope="col">訪問日</th>
              <th scope="col">面談した相手</th>
              <th scope="col">合意した次のステップ</th>
              <th scope="col">フォローアップ日</th>
              <th scope="col">記録者</th>
            </tr>
          </thead>
          <tbody>
            {props.log.length === 0 ? (
              <tr>
                <td colspan={5}>まだ訪問記録はありません。</td>
              </tr>
            ) : (
              props.log.map((e) => (
                <tr>
                  <th scope="row">{formatDateJa(e.visited_on)}</th>
                  <td>{e.met_with}</td>
                  <td>{e.next_steps}</td>
                  <td>{e.follow_up_on ? formatDateJa(e.follow_up_on) : '—'}</td>
                  <td>
                    {e.recorded_by}
                    {e.corrected_by && e.corrected_at
                      ? `（訂正: ${e.corrected_by} ${formatDateTimeJst(e.corrected_at)}）`
                      : ''}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {props.log.map((e) => (
        <EntryActions
          code={props.code}
          entry={e}
          csrfToken={props.csrfToken}
          state={form?.entryId === e.id ? form : undefined}
        />
      ))}
      <form
        class="stack"
        method="post"
        action={`/advocacy/${props.code}/visits`}
        aria-labelledby="log-form-heading"
      >
        <h3 id="log-form-heading">訪問記録を追加</h3>
        {newForm && Object.keys(newForm.errors).length > 0 ? (
          <p class="status-rejected" role="alert">
            入力内容を確認してください。
          </p>
        ) : null}
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <EntryFields prefix="" state={newForm} />
        <div>
          <button type="submit" class="primary">
            記録する
          </button>
        </div>
      </form>
    </section>
  );
}
