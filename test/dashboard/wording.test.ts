import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TERMS } from '../../src/glossary';
import { createDemoApp, type DemoApp, PREF, TEAM, TOTTORI } from './demo-app';

/**
 * The pages people read use the glossary's wording (docs/glossary.md): the
 * rendered HTML of every page carries none of the wordings it replaces.
 */
let demo: DemoApp;

beforeAll(async () => {
  demo = await createDemoApp();
}, 240_000);

afterAll(async () => {
  await demo?.cleanup();
});

/** The page's text as people see it: tags, scripts' JSON and attributes dropped. */
async function pageText(path: string, login: string): Promise<string> {
  const res = await demo.app.request(path, { headers: demo.bearer(login) });
  expect(res.status, path).toBe(200);
  const html = await res.text();
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&');
}

/** Wordings the glossary replaces that must never reach a page (some are too general to ban, e.g. 件). */
const BANNED: { key: keyof typeof TERMS; words: readonly string[] }[] = [
  { key: 'siteTitle', words: ['孤独孤立対策'] },
  { key: 'outreach', words: ['アウトリーチ等継続的支援事業'] },
  { key: 'visitsProgress', words: ['自治会訪問進捗', '自治会訪問の進捗'] },
  { key: 'uploadRejected', words: ['却下'] },
  { key: 'dataAsOf', words: ['データ版'] },
  { key: 'selfReference', words: ['鳥取市（本町）'] },
  { key: 'peers', words: ['類似団体'] },
];

describe('wording on the pages (docs/glossary.md)', () => {
  const pages: [string, string][] = [
    ['/', PREF],
    ['/overview', PREF],
    ['/municipalities/312011', PREF],
    ['/municipalities/313726', PREF],
    ['/compare', PREF],
    ['/advocacy/313840', TEAM],
    ['/advocacy/312011', TEAM],
    ['/submissions', PREF],
    ['/upload', PREF],
    ['/upload', TOTTORI],
    ['/disclosure', PREF],
  ];
  it.each(pages)('%s (%s) uses the glossary’s wording only', async (path, login) => {
    const text = await pageText(path, login);
    for (const { key, words } of BANNED)
      for (const word of words)
        expect(text, `${path}: ${key} reads ${TERMS[key].term}, not ${word}`).not.toContain(word);
    // Fiscal years read 令和n年度, never 'R7 (2025)'.
    expect(text).not.toMatch(/\b[RH]\d{1,2} \(\d{4}\)/);
    expect(text).toContain(TERMS.siteTitle.term);
  });

  it('names a city’s own line 本市 and a village’s 本村 on its pack', async () => {
    expect(await pageText('/advocacy/312011', TEAM)).toContain('本市は');
    expect(await pageText('/advocacy/313840', TEAM)).toContain('本村は');
  });

  it('counts 課題 in people, in the chart and in the CSV header', async () => {
    expect(await pageText('/municipalities/313726', PREF)).toMatch(/人数（1人が複数の課題に該当）|人数/);
    const csv = await demo.app.request('/api/indicators/issues?format=csv', { headers: demo.bearer(PREF) });
    const header = (await csv.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
    expect(header).toContain('人数');
    expect(header).not.toMatch(/(^|,)件数(,|$)/);
  });

  it('names peers 人口規模等が近い市町村 in the benchmark CSV, never 類似団体 (総務省 uses that name)', async () => {
    const csv = await demo.app.request('/api/indicators/benchmark?format=csv', {
      headers: demo.bearer(PREF),
    });
    const header = (await csv.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
    expect(header).toContain(TERMS.peers.term);
    expect(header).not.toContain('類似団体');
  });
});
