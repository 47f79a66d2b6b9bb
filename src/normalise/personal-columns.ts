import { PERSONAL_COLUMN_RULES } from '../datasets/personal-columns';
import { normaliseHeader } from './text';

/**
 * The personal-data concept a header names, or undefined when it is safe.
 * @example findPersonalColumn('相談者氏名', false) // { header: '相談者氏名', reason: '…' }
 */
export function findPersonalColumn(
  header: string,
  personLevel: boolean,
): { header: string; reason: string } | undefined {
  const key = normaliseHeader(header);
  if (key === '') return undefined;
  const rule = PERSONAL_COLUMN_RULES.find((r) => (personLevel || !r.personLevelOnly) && r.test(key));
  if (!rule) return undefined;
  return {
    header,
    reason: `列「${header.trim()}」は${rule.concept}の列に見えます。個人を特定できる情報は提出できないため、この列を削除してから提出してください。`,
  };
}
