import { describe, expect, it } from 'vitest';
import { parseCorrectionForm, parseVisitForm } from './visit-form';

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

describe('parseCorrectionForm', () => {
  const fields = { visited_on: '2024-05-20', met_with: '課長', next_steps: '検討', follow_up_on: '' };

  it('requires a reason, keeping what was typed', () => {
    const r = parseCorrectionForm('313289', { ...fields, reason: '  ' });
    expect(r.input).toBeUndefined();
    expect(r.errors.reason).toBe('訂正の理由を入力してください。');
    expect(r.values.met_with).toBe('課長');
  });

  it('returns the corrected fields and the reason', () => {
    const r = parseCorrectionForm('313289', { ...fields, reason: '日付の誤り' });
    expect(r.reason).toBe('日付の誤り');
    expect(r.input).toMatchObject({ visited_on: '2024-05-20', follow_up_on: null });
  });

  it('still checks the fields themselves', () => {
    const r = parseCorrectionForm('313289', { ...fields, visited_on: '2024-02-30', reason: 'x' });
    expect(r.input).toBeUndefined();
    expect(r.errors.visited_on).toContain('訪問日');
  });
});
