import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGE_BANDS,
  CASE_STATUSES,
  IMPLEMENTATION_STATUSES,
  ISSUES,
  REFERRAL_ROUTE_GROUPS,
  REFERRAL_ROUTES,
  termGroup,
  termsInGroup,
  VISIT_STATUSES,
} from '../datasets/vocabularies';
import { matchTerm, parseTerms } from './vocabulary';

describe('matchTerm', () => {
  it.each([
    [ISSUES, 'うつ', 'mental_health'],
    [ISSUES, 'ゴミ屋敷', 'hoarding'],
    [ISSUES, '8050問題', 'eighty_fifty'],
    [ISSUES, '８０５０', 'eighty_fifty'],
    [ISSUES, 'DV', 'abuse_dv'],
    [ISSUES, 'ｄｖ', 'abuse_dv'],
    [ISSUES, 'ﾋｷｺﾓﾘ', 'hikikomori'],
    [ISSUES, 'isolation', 'isolation'],
    [AGE_BANDS, '20～29歳', '20s'],
    [AGE_BANDS, '20~29歳', '20s'],
    [AGE_BANDS, '20〜29歳', '20s'],
    [AGE_BANDS, '２０代', '20s'],
    [AGE_BANDS, ' 75歳以上　', '75_plus'],
    [CASE_STATUSES, '見守り・つながり継続', 'watching'],
    [REFERRAL_ROUTES, '民生委員・児童委員', 'community'],
    [REFERRAL_ROUTES, '地域包括支援センター', 'elderly'],
    [REFERRAL_ROUTES, '要対協', 'children'],
    [REFERRAL_ROUTES, '社協', 'social_welfare_council'],
    [REFERRAL_ROUTES, 'ＳＳＷ', 'school'],
    [ISSUES, '希死念慮', 'suicidal_ideation'],
    [ISSUES, 'セルフネグレクト', 'self_neglect'],
    [ISSUES, '老々介護', 'elderly_carer'],
    [ISSUES, '外国人', 'foreign_national'],
    [ISSUES, '出所者', 'ex_offender'],
    [VISIT_STATUSES, '済', 'completed'],
    [IMPLEMENTATION_STATUSES, '実施中', 'implementing'],
  ])('matches %#: %s', (vocab, s, code) => {
    expect(matchTerm(vocab, s)).toEqual({ ok: true, value: code });
  });

  it('lists the accepted labels for an unknown value', () => {
    const r = matchTerm(CASE_STATUSES, 'たぶん終わり');
    expect(r).toMatchObject({ ok: false, code: 'unknown_term' });
    if (!r.ok) expect(r.message).toContain('支援中、見守り・つながり継続、終結');
  });
});

describe('相談経路 as written before the routes were by field (until December 2026)', () => {
  // Files written with the old routes (and raw files re-ingested) still read, into the new codes.
  it.each([
    ['本人', 'self_family'],
    ['家族・親族', 'self_family'],
    ['関係機関', 'agency_other'],
    ['庁内他部署', 'government_other'],
    ['民生委員・児童委員', 'community'],
    ['地域住民・自治会', 'community'],
    ['世帯訪問調査', 'household_survey'],
    ['その他', 'other'],
    ['self', 'self_family'],
    ['family', 'self_family'],
    ['agency', 'agency_other'],
    ['internal', 'government_other'],
    ['welfare_commissioner', 'community'],
  ])('reads the old %s as %s', (s, code) => {
    expect(matchTerm(REFERRAL_ROUTES, s)).toEqual({ ok: true, value: code });
  });

  it('keeps the old 関係機関 and 庁内他部署 in the 関係機関 group, so the briefing share stays comparable', () => {
    const group = (s: string) => {
      const r = matchTerm(REFERRAL_ROUTES, s);
      return r.ok ? termGroup(REFERRAL_ROUTES, r.value) : undefined;
    };
    expect(['関係機関', '庁内他部署', '社協', '地域包括支援センター'].map(group)).toEqual([
      'agencies',
      'agencies',
      'agencies',
      'agencies',
    ]);
    expect(['本人', '家族', '民生委員', '自治会', '世帯訪問調査', 'その他'].map(group)).toEqual([
      'self_family',
      'self_family',
      'community',
      'community',
      'community',
      'other',
    ]);
  });

  it('puts every route in exactly one group, and every group has a route', () => {
    const groups = REFERRAL_ROUTE_GROUPS.map((g) => g.code);
    for (const term of REFERRAL_ROUTES) expect(groups, term.code).toContain(term.group);
    for (const g of groups) expect(termsInGroup(REFERRAL_ROUTES, g).length, g).toBeGreaterThan(0);
    expect(groups.flatMap((g) => termsInGroup(REFERRAL_ROUTES, g)).sort()).toEqual(
      REFERRAL_ROUTES.map((t) => t.code).sort(),
    );
  });
});

describe('parseTerms', () => {
  it.each([
    ['孤独・孤立', ['isolation']],
    ['孤独・孤立、うつ', ['isolation', 'mental_health']],
    ['孤独・ひきこもり', ['isolation', 'hikikomori']],
    ['虐待・DV', ['abuse_dv']],
    ['虐待、DV', ['abuse_dv']],
    ['債務・金銭管理・就労', ['debt', 'employment']],
    ['就労/債務・金銭管理', ['debt', 'employment']],
    ['ひきこもり\n8050', ['hikikomori', 'eighty_fifty']],
    ['ひきこもり\r\n8050', ['hikikomori', 'eighty_fifty']],
    ['8050 問題', ['eighty_fifty']],
    ['認知症；介護｜独居', ['living_alone', 'long_term_care', 'dementia']],
    ['認知症，介護／独居', ['living_alone', 'long_term_care', 'dementia']],
    ['その他、、孤独', ['isolation', 'other']],
  ])('reads %s', (s, codes) => {
    expect(parseTerms(ISSUES, s)).toEqual({ ok: true, value: codes });
  });

  it('keeps multi-part labels whole in other vocabularies too', () => {
    expect(parseTerms(CASE_STATUSES, '見守り・つながり継続')).toEqual({ ok: true, value: ['watching'] });
    expect(parseTerms(REFERRAL_ROUTES, '家族・親族・民生委員')).toEqual({
      ok: true,
      value: ['self_family', 'community'],
    });
    expect(parseTerms(ISSUES, '支援拒否・セルフネグレクト・自殺念慮・希死念慮')).toEqual({
      ok: true,
      value: ['self_neglect', 'suicidal_ideation'],
    });
  });

  it('names every unknown piece and hints at the accepted labels', () => {
    const r = parseTerms(ISSUES, '孤独、宇宙人、ひきこもり・謎');
    expect(r).toMatchObject({ ok: false, code: 'unknown_term' });
    if (!r.ok) {
      expect(r.message).toContain('「宇宙人」「謎」');
      expect(r.message).toContain('孤独・孤立、独居');
    }
  });

  it('returns the same answer from its cache as on first call', () => {
    const first = parseTerms(ISSUES, '介護・認知症');
    expect(parseTerms(ISSUES, '介護・認知症')).toEqual(first);
    if (first.ok) expect(() => first.value.push('x')).toThrow();
  });

  const separators = ['・', '、', ',', ';', '／', '|', '\n', '，', ' / '];

  it('reads back any subset of labels joined by any separator, in vocabulary order', () => {
    fc.assert(
      fc.property(
        fc
          .subarray([...ISSUES], { minLength: 1 })
          .chain((terms) =>
            fc.tuple(fc.shuffledSubarray(terms, { minLength: terms.length }), fc.constantFrom(...separators)),
          ),
        ([terms, sep]) => {
          const expected = ISSUES.filter((t) => terms.includes(t)).map((t) => t.code);
          expect(parseTerms(ISSUES, terms.map((t) => t.label).join(sep))).toEqual({
            ok: true,
            value: expected,
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads back any mix of labels and synonyms', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .constantFrom(...ISSUES)
            .chain((t) => fc.tuple(fc.constant(t.code), fc.constantFrom(t.label, ...t.synonyms))),
          { minLength: 1, maxLength: 6 },
        ),
        fc.constantFrom('、', ',', '\n', '|'),
        (picks, sep) => {
          const codes = new Set(picks.map(([code]) => code));
          const expected = ISSUES.filter((t) => codes.has(t.code)).map((t) => t.code);
          expect(parseTerms(ISSUES, picks.map(([, s]) => s).join(sep))).toEqual({
            ok: true,
            value: expected,
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseTerms(ISSUES, s)));
  });
});
