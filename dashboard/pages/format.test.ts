import { describe, expect, it } from 'vitest';
import {
  areaLabel,
  cellText,
  formatDateJa,
  formatPercent,
  municipalityName,
  num,
  ratioChange,
  yearOnYear,
} from './format';

describe('format', () => {
  it('writes a date as people read it, and leaves anything that is not a date alone', () => {
    expect(formatDateJa('2026-03-31')).toBe('2026年3月31日');
    expect(formatDateJa('2024-10-05')).toBe('2024年10月5日');
    expect(formatDateJa('基準日不明')).toBe('基準日不明');
    expect(formatDateJa('2026-03')).toBe('2026-03');
  });

  it('shows 秘匿 for a suppressed field and never its value', () => {
    const row = { persons: null, contacts: 12, suppressed: ['persons'] };
    expect(cellText(row, 'persons')).toBe('秘匿');
    expect(cellText(row, 'contacts')).toBe('12');
  });

  it('shows a dash for an absent value and groups thousands', () => {
    expect(cellText({ persons: null }, 'persons')).toBe('—');
    expect(cellText({ contacts: 12345 }, 'contacts')).toBe('12,345');
    expect(cellText({ rate: 2.46 }, 'rate', 1)).toBe('2.5');
  });

  it('reads numbers that DuckDB returns as bigint or text', () => {
    expect(num({ n: 5n }, 'n')).toBe(5);
    expect(num({ n: '7' }, 'n')).toBe(7);
    expect(num({ n: 'abc' }, 'n')).toBeNull();
  });

  it('computes 前年度比 with sign, and none without a previous year', () => {
    expect(yearOnYear(245, 159)).toBe('前年度比 +54.1%');
    expect(yearOnYear(21, 41)).toBe('前年度比 −48.8%');
    expect(yearOnYear(10, null)).toBeNull();
    expect(yearOnYear(10, 0)).toBeNull();
  });

  it('shows shares given as 0–1 or 0–100 as percentages', () => {
    expect(formatPercent(0.2632)).toBe('26.3%');
    expect(formatPercent(26.32)).toBe('26.3%');
    expect(formatPercent(null)).toBe('—');
  });

  it('names municipalities, regions and the prefecture', () => {
    expect(municipalityName('313726')).toBe('北栄町');
    expect(areaLabel({ level: 'region', region: '中部' })).toBe('中部');
    expect(areaLabel({ level: 'prefecture' })).toBe('鳥取県');
    expect(areaLabel({ level: 'municipality', municipality_code: '312029' })).toBe('米子市');
  });

  it('reads the API’s 前年度比 ratio as a signed change', () => {
    expect(ratioChange(1.5409)).toBe('+54.1%');
    expect(ratioChange(0.5)).toBe('−50.0%');
    expect(ratioChange(1)).toBe('±0%');
    expect(ratioChange(null)).toBe('—');
  });
});
