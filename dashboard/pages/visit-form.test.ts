import { describe, expect, it } from 'vitest';
import { parseVisitForm } from './visit-form';

describe('parseVisitForm', () => {
  it('accepts a complete visit and keeps the text as typed', () => {
    const r = parseVisitForm('313289', {
      visited_on: '2024-05-20',
      met_with: '福祉課長 <b>',
      next_steps: '庁内検討会を6月に開く',
      follow_up_on: '',
    });
    expect(r.errors).toEqual({});
    expect(r.input).toEqual({
      municipality_code: '313289',
      visited_on: '2024-05-20',
      met_with: '福祉課長 <b>',
      next_steps: '庁内検討会を6月に開く',
      follow_up_on: null,
    });
  });

  it('lists every problem in Japanese and stores nothing', () => {
    const r = parseVisitForm('313289', {
      visited_on: '2024-02-30',
      met_with: '',
      next_steps: 'x',
      follow_up_on: 'soon',
    });
    expect(r.input).toBeUndefined();
    expect(Object.keys(r.errors).sort()).toEqual(['follow_up_on', 'met_with', 'visited_on']);
    expect(r.errors.visited_on).toContain('訪問日');
  });

  it('refuses a follow-up before the visit', () => {
    const r = parseVisitForm('313289', {
      visited_on: '2024-05-20',
      met_with: '課長',
      next_steps: '検討',
      follow_up_on: '2024-05-01',
    });
    expect(r.errors.follow_up_on).toBe('フォローアップ日は訪問日以降の日付にしてください。');
  });
});
