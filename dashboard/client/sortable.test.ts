import { describe, expect, it } from 'vitest';
import { compareCells } from './sortable';

describe('compareCells', () => {
  it('sorts numbers numerically and keeps 秘匿 (null) last in both directions', () => {
    const values = [10, null, 2, 33];
    expect([...values].sort((a, b) => compareCells(a, b, true))).toEqual([2, 10, 33, null]);
    expect([...values].sort((a, b) => compareCells(a, b, false))).toEqual([33, 10, 2, null]);
  });
});
