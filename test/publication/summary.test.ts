import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { ingestUpload } from '../../src/ingest/ingest';
import { summaryOf } from '../../src/publication/coverage';
import type { Row } from '../../src/query/types';
import { localStores } from '../../src/storage/stores';
import { useDemoService } from './demo-service';

/**
 * The 県全体 headline (GET /api/summary) after one town's early upload for
 * the next fiscal year: the year still running must not take it over, and
 * the 同一市町村ベース change is the hand computation over towns complete
 * in both years.
 */
const HOKUEI = '313726';
const prefecture: Viewer = { role: 'prefecture', login: 'p' };
const team: Viewer = { role: 'promotion_team', login: 't' };
const hokuei: Viewer = { role: 'municipality', municipalityCode: HOKUEI, login: 'h' };
// FY2025 ended on 2026-03-31; FY2026 is running.
const clock = () => new Date('2026-12-03T03:00:00Z');

const demo = useDemoService({ clock });

const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
const FY2026 = [
  HEADER,
  ...[1, 2, 3, 4, 5].map((i) => `313726,2026,R8-00${i},2026-05-0${i},本人,40〜49歳,1,介護,支援中,`),
].join('\r\n');

describe('GET /api/summary (IndicatorService.summary)', () => {
  it('keeps the last ended year as the headline after a 5-row upload for the running year', async () => {
    const report = await ingestUpload(
      localStores(demo.dataDir),
      {
        bytes: Buffer.from(`\uFEFF${FY2026}\r\n`, 'utf8'),
        fileName: '相談ケース_令和8年度.csv',
        dataset: 'cases',
        municipalityCode: HOKUEI,
        uploader: hokuei,
      },
      { maxUploadBytes: 1024 * 1024 },
    );
    expect(report.status).toBe('accepted');
    demo.version = 'v2';

    const { data, meta } = await demo.service.summary(prefecture);
    expect(data.fiscal_year).toBe(2025);
    expect(data.partial).toBe(false);
    expect(data.provisional_years).toEqual([2026]);
    expect(meta.today).toBe('2026-12-03');
    expect(meta.as_of).toBe('2026-12-03'); // never the running year's end, 2027-03-31

    const coverage = (await demo.service.coverage(prefecture)).data;
    const own2026 = coverage.find((c) => c.municipality_code === HOKUEI && c.fiscal_year === 2026);
    expect(own2026).toMatchObject({ partial: true, reported: true });
    const own2025 = coverage.find((c) => c.municipality_code === HOKUEI && c.fiscal_year === 2025);
    expect(own2025).toMatchObject({ partial: false, months_reported: 12, expected: true });

    // 同一市町村ベース by hand: towns with 12 months in both FY2024 and FY2025.
    const rows = (await demo.service.get('consultations', {}, prefecture)).data;
    // The indicator rows say what they cover: the running year is partial, with no 前年度比.
    const early = rows.find(
      (r: Row) => r.level === 'municipality' && r.municipality_code === HOKUEI && r.fiscal_year === 2026,
    );
    expect(early).toMatchObject({ persons: 5, partial: true, persons_yoy: null });
    const pref2026 = rows.find((r: Row) => r.level === 'prefecture' && r.fiscal_year === 2026);
    expect(pref2026).toMatchObject({ partial: true, persons_yoy: null, municipalities_reporting: 1 });
    const pref2025 = rows.find((r: Row) => r.level === 'prefecture' && r.fiscal_year === 2025);
    expect(pref2025?.partial).toBe(false);
    const town = (fy: number) =>
      new Map(
        rows
          .filter((r: Row) => r.level === 'municipality' && r.fiscal_year === fy)
          .map((r: Row) => [String(r.municipality_code), r]),
      );
    const [now, before] = [town(2025), town(2024)];
    const same = [...now.keys()].filter(
      (t) => now.get(t)?.months_reported === 12 && before.get(t)?.months_reported === 12,
    );
    expect(same.length).toBeGreaterThan(0);
    const sum = (m: Map<string, Row>) => same.reduce((s, t) => s + Number(m.get(t)?.persons), 0);
    const persons = data.cards.find((c) => c.id === 'persons');
    expect(persons?.same_municipalities).toBe(same.length);
    expect(persons?.change_same_municipalities).toBe(Math.round((sum(now) / sum(before)) * 10000) / 10000);
    const pref = (fy: number) => rows.find((r: Row) => r.level === 'prefecture' && r.fiscal_year === fy);
    expect(persons?.value).toBe(pref(2025)?.persons);
    expect(persons?.previous).toBe(pref(2024)?.persons);
    // The same hand computation is what the prefecture row carries beside its plain change.
    expect(pref(2025)?.persons_yoy_same_municipalities).toBe(persons?.change_same_municipalities);
    expect(pref(2025)?.same_municipalities).toBe(same.length);
  }, 180_000);

  it("is, for every class, what the whole 相談件数推移 answer gives (the prefecture's read without its month rows)", async () => {
    for (const viewer of [prefecture, team, hokuei]) {
      const [summary, consultations, implementation] = await Promise.all([
        demo.service.summary(viewer),
        demo.service.get('consultations', {}, viewer),
        demo.service.get('implementation', {}, viewer),
      ]);
      expect(consultations.data.some((r: Row) => r.level === 'month')).toBe(true);
      const today = summary.meta.today;
      expect(summary.data, viewer.role).toEqual(summaryOf(consultations.data, implementation.data, today));
      expect(summary.meta, viewer.role).toEqual({
        data_version: consultations.meta.data_version,
        as_of: consultations.meta.as_of,
        today,
        suppression: consultations.meta.suppression,
      });
    }
  }, 180_000);

  it('for the 推進チーム, sums only published figures: a 秘匿 part makes the same-town change null', async () => {
    const { data } = await demo.service.summary(team);
    const exact = (await demo.service.summary(prefecture)).data;
    expect(data.fiscal_year).toBe(exact.fiscal_year);
    for (const card of data.cards) {
      const same = exact.cards.find((c) => c.id === card.id);
      // Either the same figure (every part shown) or nothing — never a different number.
      if (card.change_same_municipalities !== null)
        expect(card.change_same_municipalities).toBe(same?.change_same_municipalities);
      if (card.from_new_municipalities !== null)
        expect(card.from_new_municipalities).toBe(same?.from_new_municipalities);
    }
  }, 180_000);
});
