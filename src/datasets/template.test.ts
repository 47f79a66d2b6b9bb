import { describe, expect, it } from 'vitest';
import { decodeCsv } from '../csv/decode';
import { parseCsv } from '../csv/parse';
import { cases } from './cases';
import { DATASETS } from './index';
import { templateCsv, templateFileName } from './template';

describe('templateCsv', () => {
  it.each(DATASETS.map((d) => [d.name, d]))(
    '%s: is UTF-8 with BOM, CRLF, header row only',
    (_name, dataset) => {
      const bytes = templateCsv(dataset);
      const { text, encoding } = decodeCsv(bytes);
      expect(encoding).toBe('utf-8-bom');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.split('\r\n')).toHaveLength(2);
      expect(parseCsv(text)).toHaveLength(1);
    },
  );

  it('puts required columns first, each group in definition order', () => {
    const [header] = parseCsv(decodeCsv(templateCsv(cases)).text);
    expect(header?.cells).toEqual([
      '市町村コード',
      '年度',
      'ケースID',
      '受付日',
      '相談経路',
      '年齢階級',
      '課題',
      '世帯人員',
      '状態',
      '終結日',
    ]);
  });
});

describe('templateFileName', () => {
  it('names the dataset in code and in Japanese', () => {
    expect(templateFileName(cases)).toBe('template_cases_相談ケース.csv');
  });
});
