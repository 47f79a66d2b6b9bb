import { describe, expect, it } from 'vitest';
import type { Dataset, RowRule } from '../datasets';
import { getDataset } from '../datasets';
import { RuleEvaluator } from './row-rules';

const withRules = (rules: RowRule[]): Dataset => ({ ...getDataset('cases'), rowRules: rules });
const rule = (code: string, test: RowRule['test']): RowRule => ({
  code,
  severity: 'error',
  column: 'closed_on',
  uses: ['opened_on', 'closed_on'],
  message: 'x',
  test,
  sql: 'false',
});

describe('RuleEvaluator', () => {
  it('applies a rule written for ISO date strings', () => {
    const evaluator = new RuleEvaluator(
      withRules([rule('s', (r) => typeof r.closed_on === 'string' && r.closed_on < (r.opened_on as string))]),
    );
    expect(evaluator.broken({ opened_on: '2023-05-01', closed_on: '2023-04-01' }).map((r) => r.code)).toEqual(
      ['s'],
    );
    expect(evaluator.broken({ opened_on: '2023-05-01', closed_on: '2023-06-01' })).toEqual([]);
  });

  it('enforces the cases definition: 終結日 before 受付日', () => {
    const evaluator = new RuleEvaluator(getDataset('cases'));
    const row = { fiscal_year: 2023, opened_on: '2023-06-01', closed_on: '2023-05-01', status: 'closed' };
    expect(evaluator.broken(row).map((r) => r.code)).toContain('closed_before_opened');
    expect(evaluator.broken({ ...row, closed_on: '2023-06-01' })).toEqual([]);
  });

  it('enforces the cases definition: 受付日 after the fiscal year', () => {
    const evaluator = new RuleEvaluator(getDataset('cases'));
    const row = { fiscal_year: 2023, opened_on: '2024-04-01', closed_on: null, status: 'supporting' };
    expect(evaluator.broken(row).map((r) => r.code)).toEqual(['opened_after_fiscal_year']);
    expect(evaluator.broken({ ...row, opened_on: '2024-03-31' })).toEqual([]);
  });
});
