import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactTime,
  curatedPrefix,
  DATA_VERSION_KEY,
  parseRawKey,
  parseRawLocation,
  partitionKey,
  rawKeyFor,
  reportKey,
  safeFileName,
  stagingKey,
  uploadIdFor,
} from './layout';

const at = new Date('2026-04-05T06:07:08.009Z');
const sha = 'abcdef0123456789'.repeat(4);

describe('raw keys', () => {
  it('follow raw/{dataset}/{code}/{time}_{sha:12}_{file} and parse back', () => {
    const key = rawKeyFor('cases', '312011', at, sha, '相談ケース 2025.csv');
    expect(key).toBe('raw/cases/312011/20260405T060708009Z_abcdef012345_相談ケース 2025.csv');
    expect(parseRawKey(key)).toEqual({
      dataset: 'cases',
      municipalityCode: '312011',
      uploadedAt: at,
      sha256Prefix: 'abcdef012345',
      fileName: '相談ケース 2025.csv',
    });
  });

  it('share the upload id with uploadIdFor, and ids sort by upload time', () => {
    expect(uploadIdFor(at, sha)).toBe('20260405T060708009Z-abcdef012345');
    const later = uploadIdFor(new Date('2026-04-05T06:07:08.010Z'), '0'.repeat(64));
    expect(later > uploadIdFor(at, sha)).toBe(true);
    expect(compactTime(new Date('2030-12-31T23:59:59.999Z'))).toBe('20301231T235959999Z');
  });

  it('never let a file name climb out of its folder or carry control characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\鳥取\\ケース.csv')).toBe('ケース.csv');
    expect(safeFileName('a\u0000b\nc\t.csv')).toBe('abc.csv');
    expect(safeFileName('.hidden.csv')).toBe('hidden.csv');
    expect(safeFileName('')).toBe('upload.csv');
    const long = safeFileName(`${'鳥'.repeat(300)}.csv`);
    expect([...long]).toHaveLength(100);
    expect(long.endsWith('.csv')).toBe(true);
  });

  it('drop bidi and other format characters, so a name cannot be shown reversed or padded', () => {
    // U+202E RIGHT-TO-LEFT OVERRIDE makes 'report\u202Evsc.exe' display as 'reportexe.csv'.
    expect(safeFileName('report\u202Evsc.exe')).toBe('reportvsc.exe');
    expect(safeFileName('\u2066ケース\u2069\u200B\u200E\u200F\u200C\u200D.csv')).toBe('ケース.csv');
    expect(safeFileName('\uFEFFa\u00ADb\u2028c\u2029.csv')).toBe('abc.csv');
    expect(safeFileName('\u202E\u2066')).toBe('upload.csv');
  });

  it('always give a short, clean, stable name, whatever it is given (property)', () => {
    const unclean = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\]/u;
    const anyName = fc.string({ unit: 'binary', maxLength: 300 });
    fc.assert(
      fc.property(anyName, (name) => {
        const safe = safeFileName(name);
        expect(safe).not.toMatch(unclean);
        expect(safe).not.toMatch(/^[.\s]/);
        expect(safe.length).toBeGreaterThan(0);
        expect([...safe].length).toBeLessThanOrEqual(100);
        expect(safeFileName(safe)).toBe(safe);
      }),
      { numRuns: 2_000 },
    );
  });

  it('parse only keys of the layout', () => {
    expect(parseRawKey('raw/cases/312011/hand-dropped.csv')).toBeUndefined();
    expect(parseRawLocation('raw/cases/312011/hand-dropped.csv')).toEqual({
      dataset: 'cases',
      municipalityCode: '312011',
      fileName: 'hand-dropped.csv',
    });
    expect(parseRawLocation('raw/unknown/312011/a.csv')).toBeUndefined();
    expect(parseRawLocation('raw/cases/31201/a.csv')).toBeUndefined();
    expect(parseRawLocation('raw/cases/312011/sub/a.csv')).toBeUndefined();
    expect(parseRawLocation('curated/cases/312011/a.csv')).toBeUndefined();
    expect(parseRawKey('raw/cases/312011/20261399T000000000Z_abcdef012345_a.csv')).toBeUndefined();
  });
});

describe('curated and state keys', () => {
  it('put partitions in Hive folders named after the dataset partition column', () => {
    expect(partitionKey('cases', '312011', '2024')).toBe(
      'curated/cases/municipality_code=312011/fiscal_year=2024/data.parquet',
    );
    expect(partitionKey('visits', '312011', '2025-03-31')).toBe(
      'curated/visits/municipality_code=312011/as_of=2025-03-31/data.parquet',
    );
    expect(partitionKey('cases', '312011', '2024').startsWith(curatedPrefix('cases'))).toBe(true);
  });

  it('keep staged copies outside curated/ so queries never read them', () => {
    const key = stagingKey('cases', '312011', '2024', '20260405T060708009Z-abcdef012345');
    expect(key).toBe(
      'staging/cases/municipality_code=312011/fiscal_year=2024/20260405T060708009Z-abcdef012345.parquet',
    );
    expect(key.startsWith('curated/')).toBe(false);
  });

  it('name reports by upload id and the data version in state/', () => {
    expect(reportKey('20260405T060708009Z-abcdef012345')).toBe(
      'reports/20260405T060708009Z-abcdef012345.json',
    );
    expect(DATA_VERSION_KEY).toBe('state/data-version.json');
  });
});
