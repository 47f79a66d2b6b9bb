import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';

describe('SUBMISSION_DUE_DAY', () => {
  it('defaults to the 10th and takes any day every month has', () => {
    expect(loadConfig({}).submissionDueDay).toBe(10);
    expect(loadConfig({ SUBMISSION_DUE_DAY: '1' }).submissionDueDay).toBe(1);
    expect(loadConfig({ SUBMISSION_DUE_DAY: '28' }).submissionDueDay).toBe(28);
  });

  it('refuses a day some month lacks, zero, or no number', () => {
    for (const bad of ['0', '29', '31', 'x', '1.5'])
      expect(() => loadConfig({ SUBMISSION_DUE_DAY: bad }), bad).toThrow(/SUBMISSION_DUE_DAY/);
  });
});
