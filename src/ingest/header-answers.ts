import type { Dataset } from '../datasets';
import { normaliseHeader } from '../normalise/text';
import type { Stores } from '../storage/stores';
import type { Problem } from './report';

/**
 * Ask, don't guess. Some headers name a count without saying which: a
 * town's 「相談件数」 is 延べ in one office and 新規受付件数 in the next, and
 * 「人数」 may be 新規 or 実人数. Such a header is never mapped by itself:
 * the report names the column and asks (code `ambiguous_header`), and the
 * uploader answers with the upload (`--header 相談件数=contacts`, or the
 * upload page's choice). An answer given with an accepted upload is kept
 * per town (`state/header-answers/{code}.json` in the curated store) and
 * applied to that town's next uploads, with a note in the report each time.
 */

/** What an ambiguous count may be. */
export type HeaderAnswer = 'contacts' | 'new_persons' | 'persons';

export interface HeaderChoice {
  answer: HeaderAnswer;
  /** 延べ／新規／実人数: how people say it. */
  short: string;
  /** The full Japanese choice shown on the upload page and in the message. */
  label: string;
  /** The dataset column the answer maps the header to; none = not a column of this dataset (ignored). */
  column: string | null;
}

/** Headers that name a count without saying which one, as normalised (NFKC, no spaces or marks). */
export const AMBIGUOUS_HEADERS: readonly string[] = [
  '相談件数',
  '件数',
  '人数',
  '相談数',
  '相談者数',
  '相談人数',
].map(normaliseHeader);

/** Per dataset, the meanings an ambiguous count header may have there. Datasets absent: no count it could be. */
const CHOICES: Readonly<Partial<Record<Dataset['name'], readonly HeaderChoice[]>>> = {
  activities: [
    { answer: 'contacts', short: '延べ', label: '延べ相談件数（延べ）', column: 'contacts' },
    { answer: 'new_persons', short: '新規', label: '新規相談者数（新規）', column: 'new_persons' },
    {
      answer: 'persons',
      short: '実人数',
      label: '相談実人数（実人数。月次の集計には取り込む項目がないため、この列は取り込みません）',
      column: null,
    },
  ],
};

/** Answers keyed by the header as normalised. */
export type HeaderAnswers = Readonly<Record<string, HeaderAnswer>>;

/** The choices to ask about when `header` (as written) appears in a file of `dataset`; undefined when it is not ambiguous there. */
export function headerQuestion(dataset: Dataset, header: string): readonly HeaderChoice[] | undefined {
  if (!AMBIGUOUS_HEADERS.includes(normaliseHeader(header))) return undefined;
  return CHOICES[dataset.name];
}

const ANSWER_WORDS: Readonly<Record<string, HeaderAnswer>> = {
  contacts: 'contacts',
  new_persons: 'new_persons',
  persons: 'persons',
  延べ: 'contacts',
  延: 'contacts',
  新規: 'new_persons',
  実人数: 'persons',
};

/** An answer as typed (contacts / new_persons / persons, or 延べ / 新規 / 実人数); undefined when it is none of them. */
export function parseHeaderAnswer(text: string): HeaderAnswer | undefined {
  return ANSWER_WORDS[text.normalize('NFKC').trim()];
}

/**
 * `相談件数=contacts` (CLI flag, form field) → [header key, answer]; a
 * Japanese message when it cannot be read.
 */
export function parseHeaderAssignment(text: string): [string, HeaderAnswer] | string {
  const at = text.lastIndexOf('=');
  const header = at > 0 ? normaliseHeader(text.slice(0, at)) : '';
  const answer = at > 0 ? parseHeaderAnswer(text.slice(at + 1)) : undefined;
  if (!header || !answer)
    return `見出しの指定「${text}」を読めません。「見出し=contacts（延べ）／new_persons（新規）／persons（実人数）」の形で指定してください（例: 相談件数=contacts）。`;
  if (!AMBIGUOUS_HEADERS.includes(header))
    return `「${text.slice(0, at)}」は確認が必要な見出しではありません（確認が必要なのは ${AMBIGUOUS_HEADERS.join('・')}）。`;
  return [header, answer];
}

const keyOf = (code: string) => `state/header-answers/${code}.json`;

/** The answers a town gave with earlier accepted uploads (none when it never answered). */
export async function rememberedHeaderAnswers(stores: Stores, code: string): Promise<HeaderAnswers> {
  const bytes = await stores.curated.get(keyOf(code));
  if (!bytes) return {};
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const out: Record<string, HeaderAnswer> = {};
    for (const [header, answer] of Object.entries(parsed.answers ?? {})) {
      const known = typeof answer === 'string' ? parseHeaderAnswer(answer) : undefined;
      if (known && AMBIGUOUS_HEADERS.includes(header)) out[header] = known;
    }
    return out;
  } catch {
    return {};
  }
}

/** Keeps a town's answers (merged over the ones it gave before). */
export async function rememberHeaderAnswers(
  stores: Stores,
  code: string,
  answers: HeaderAnswers,
  by: string,
): Promise<void> {
  if (Object.keys(answers).length === 0) return;
  const merged = { ...(await rememberedHeaderAnswers(stores, code)), ...answers };
  const body = JSON.stringify({ answers: merged, updated_by: by, updated_at: new Date().toISOString() });
  await stores.curated.put(keyOf(code), body, { contentType: 'application/json' });
}

/** The report's question: which count is this column? (error `ambiguous_header`, nothing is stored). */
export function headerAsked(row: number, header: string, choices: readonly HeaderChoice[]): Problem {
  return {
    row,
    column: header,
    value: null,
    code: 'ambiguous_header',
    message: `列「${header}」が${choices.map((c) => c.short).join('・')}のどれの数か、見出しからは分かりません。どれにあたるかを選んでからアップロードし直してください（${choices.map((c) => c.label).join('／')}）。選んだ内容はこの市町村の次回以降のアップロードにも使います。`,
  };
}

/** The report's note that an answer mapped the column (warning `header_answered`). */
export function headerAnswered(row: number, header: string, choice: HeaderChoice): Problem {
  return {
    row,
    column: header,
    value: null,
    code: 'header_answered',
    message: choice.column
      ? `列「${header}」は指定どおり「${choice.label}」として取り込みました。違うときは指定し直してアップロードしてください。`
      : `列「${header}」は指定どおり${choice.label.replace(/（.*$/, '')}として扱い、取り込みませんでした。`,
  };
}
