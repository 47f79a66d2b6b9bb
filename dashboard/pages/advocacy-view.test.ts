import { describe, expect, it } from 'vitest';
import { municipalityByCode } from '../../src/datasets/municipalities';
import type { VisitLogEntry } from '../services/visit-log';
import { keyMessages, lastVisit, neighbours, programmeStates, SUBSIDY_TEXT, standing } from './advocacy-view';

const HIYOSHIZU = municipalityByCode('313840');
if (!HIYOSHIZU) throw new Error('reference list changed');

const town = (code: string, fy: number, status: string, extra: Record<string, unknown> = {}) => ({
  level: 'municipality',
  municipality_code: code,
  fiscal_year: fy,
  status,
  ...extra,
});
const implementation = [
  town('313840', 2024, 'not_implemented', { advocacy_visit_on: '2024-09-01' }),
  town('313840', 2025, 'not_implemented'),
  town('312029', 2025, 'implementing', { first_implemented_fy: 2022, multi_agency: true }),
  town('313866', 2025, 'preparing'),
  {
    level: 'prefecture',
    fiscal_year: 2025,
    implementing: 9,
    municipalities_total: 19,
    national_implementing: 473,
    national_total: 1741,
    national_share: 0.2717,
    national_planned: true,
  },
];
const since = (code: string, y: number, per10k: number) => ({
  level: 'municipality',
  municipality_code: code,
  metric: 'persons',
  years_since_implementation: y,
  first_implemented_fy: 2022,
  per_10k: per10k,
});
const benchmark = [since('313289', 0, 15.5), since('313289', 3, 26.6)];

describe('訪問準備 pack wording from the data', () => {
  it('says where the town stands against its 圏域, the prefecture and the country', () => {
    expect(standing(implementation, HIYOSHIZU)).toMatchObject({
      fy: 2025,
      status: '未実施',
      implementing: 9,
      regionImplementing: 1,
      regionTotal: 9,
    });
    const [where] = keyMessages({ implementation, benchmark }, HIYOSHIZU);
    expect(where).toBe(
      '本村は令和7年度（2025年度）時点で「未実施」です。県内では19市町村のうち9市町村が実施し、西部では9市町村のうち1市町村が実施しています（全国では1,741市町村のうち473（27.2%、予定を含む））。',
    );
  });

  it('names a 先輩事例 with its first and latest year, per 10,000 residents', () => {
    const [, example] = keyMessages({ implementation, benchmark }, HIYOSHIZU);
    expect(example).toBe(
      '先輩事例：智頭町（令和4年度開始）は、実施1年目に人口1万人あたり15.5人、4年目には26.6人の相談を受け止めています。',
    );
  });

  it('words the subsidy as the briefing does, with no rate it does not state', () => {
    // The briefing (2024-03-14), 重層的支援体制整備のメリット（1）■財政支援, verbatim.
    const briefing = 'アウトリーチ支援、多機関協働事業に対する国・県３／４補助など'.normalize('NFKC');
    expect(SUBSIDY_TEXT.normalize('NFKC')).toContain(briefing);
    const [, , support] = keyMessages({ implementation, benchmark }, HIYOSHIZU);
    expect(support).toContain('アウトリーチ支援、多機関協働事業に対する国・県3/4補助など');
    expect(support).not.toMatch(/1\/4|負担/);
  });

  it('lists the programmes a non-implementing town has yet to start, and its 圏域 neighbours', () => {
    expect(programmeStates(implementation, '313840').every((p) => p.state === '未実施')).toBe(true);
    const near = neighbours(implementation, HIYOSHIZU);
    expect(near).toHaveLength(8);
    expect(near.find((n) => n.code === '312029')).toMatchObject({ status: '実施', firstFy: 2022 });
  });

  it('前回訪問 is the latest of the visit log and the 実施状況 data', () => {
    const entry = (visited_on: string) => ({ municipality_code: '313840', visited_on }) as VisitLogEntry;
    expect(lastVisit(implementation, '313840', [])).toBe('2024-09-01');
    expect(lastVisit(implementation, '313840', [entry('2024-05-01'), entry('2025-02-10')])).toBe(
      '2025-02-10',
    );
  });
});
