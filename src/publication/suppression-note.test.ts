import { describe, expect, it } from 'vitest';
import { suppressionNote } from './suppression-note';

describe('suppressionNote', () => {
  it('counts what a reader understands: towns and totals, not internal cells', () => {
    expect(suppressionNote(3, true, { towns: 3, totals: 0 })).toMatch(/（3市町村の値を秘匿）$/);
    expect(suppressionNote(3, true, { towns: 2, totals: 4 })).toMatch(
      /（2市町村の値と合計・平均など4項目を秘匿）$/,
    );
    expect(suppressionNote(3, true, { towns: 0, totals: 0 })).toMatch(/（該当なし）$/);
    expect(suppressionNote(3, false, { towns: 0, totals: 0 })).toContain('秘匿処理は行っていません');
  });
});
