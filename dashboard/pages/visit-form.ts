import type { VisitLogInput } from '../services/visit-log';

export interface VisitFormResult {
  input?: VisitLogInput;
  /** Field name → Japanese message. */
  errors: Record<string, string>;
  /** What was typed, to refill the form after an error. */
  values: Record<string, string>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 1000;

function isRealDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Checks the 訪問記録 form of the 訪問準備 page. Free text is kept as typed
 * (it is rendered as text, never as HTML) but bounded in length.
 */
export function parseVisitForm(municipalityCode: string, body: Record<string, unknown>): VisitFormResult {
  const values: Record<string, string> = {};
  for (const f of ['visited_on', 'met_with', 'next_steps', 'follow_up_on']) {
    const v = body[f];
    values[f] = typeof v === 'string' ? v.trim() : '';
  }
  const errors: Record<string, string> = {};
  const visitedOn = values.visited_on ?? '';
  const followUp = values.follow_up_on ?? '';
  if (!isRealDate(visitedOn)) errors.visited_on = '訪問日を入力してください（例: 2024-05-20）。';
  if (!values.met_with) errors.met_with = '面談した相手（部署・役職など）を入力してください。';
  else if ((values.met_with ?? '').length > 200)
    errors.met_with = '面談した相手は200文字以内で入力してください。';
  if (!values.next_steps) errors.next_steps = '合意した次のステップを入力してください。';
  else if ((values.next_steps ?? '').length > MAX_TEXT)
    errors.next_steps = `次のステップは${MAX_TEXT}文字以内で入力してください。`;
  if (followUp && !isRealDate(followUp))
    errors.follow_up_on = 'フォローアップ日は日付で入力してください（例: 2024-06-30）。';
  else if (followUp && isRealDate(visitedOn) && followUp < visitedOn)
    errors.follow_up_on = 'フォローアップ日は訪問日以降の日付にしてください。';
  if (Object.keys(errors).length > 0) return { errors, values };
  return {
    errors,
    values,
    input: {
      municipality_code: municipalityCode,
      visited_on: visitedOn,
      met_with: values.met_with ?? '',
      next_steps: values.next_steps ?? '',
      follow_up_on: followUp || null,
    },
  };
}

/** The correction form: the same fields, plus the reason the audit trail keeps. */
export function parseCorrectionForm(
  municipalityCode: string,
  body: Record<string, unknown>,
): VisitFormResult & { reason?: string } {
  const result = parseVisitForm(municipalityCode, body);
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  result.values.reason = reason;
  if (!reason) {
    result.errors.reason = '訂正の理由を入力してください。';
    return { errors: result.errors, values: result.values };
  }
  if (reason.length > 500) {
    result.errors.reason = '訂正の理由は500文字以内で入力してください。';
    return { errors: result.errors, values: result.values };
  }
  return { ...result, reason };
}
