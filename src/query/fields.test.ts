import { describe, expect, it } from 'vitest';
import { FIELD_LABELS, INDICATOR_FIELDS } from './fields';
import { INDICATOR_IDS } from './types';

describe('field labels', () => {
  it('labels every column of every indicator table in Japanese', () => {
    for (const id of INDICATOR_IDS) {
      for (const field of INDICATOR_FIELDS[id]) {
        const label = FIELD_LABELS[field];
        expect(label, `${id}.${field}`).toBeDefined();
        expect(label).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      }
    }
  });
});
