import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp, type DemoApp, HOKUEI, PREF, TEAM } from './demo-app';

/**
 * The 推進チーム's visit log over HTTP: entries corrected and withdrawn by the
 * team, each change in the audit trail with what changed and why, and the
 * 訪問準備 page showing the latest visit and never a withdrawn one.
 */
let demo: DemoApp;
const HIYOSHIZU = '313840'; // 日吉津村: 未実施 in the demo's latest year

beforeAll(async () => {
  demo = await createDemoApp();
}, 240_000);

afterAll(async () => {
  await demo?.cleanup();
});

function call(method: string, path: string, login: string, body?: unknown) {
  return demo.app.request(path, {
    method,
    headers: { ...demo.bearer(login), 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function addEntry(fields: Record<string, unknown>): Promise<{ id: string }> {
  const res = await call('POST', '/api/visit-log', TEAM, {
    municipality_code: HIYOSHIZU,
    met_with: '福祉課長',
    next_steps: '庁内勉強会を開く',
    follow_up_on: null,
    ...fields,
  });
  expect(res.status).toBe(201);
  return (await res.json()).data;
}

async function auditOf(action: string) {
  const res = await call('GET', `/api/audit?action=${action}`, PREF);
  expect(res.status).toBe(200);
  return (await res.json()).data as { login: string; target: string; detail: Record<string, unknown> }[];
}

async function packHtml(): Promise<string> {
  const res = await demo.app.request(`/advocacy/${HIYOSHIZU}`, { headers: demo.bearer(TEAM) });
  expect(res.status).toBe(200);
  return res.text();
}

describe('visit-log corrections and withdrawals', () => {
  it('corrects an entry: the log and the pack read the new fields, the audit keeps before and after', async () => {
    const entry = await addEntry({ visited_on: '2026-04-10', next_steps: '勉強会を5月に' });
    const res = await call('PUT', `/api/visit-log/${HIYOSHIZU}/${entry.id}`, TEAM, {
      visited_on: '2026-04-11',
      met_with: '福祉課長',
      next_steps: '勉強会を6月に',
      follow_up_on: '2026-06-30',
      reason: '訪問日と時期の誤記',
    });
    expect(res.status).toBe(200);
    const corrected = (await res.json()).data;
    expect(corrected).toMatchObject({ id: entry.id, visited_on: '2026-04-11', next_steps: '勉強会を6月に' });
    expect(corrected.corrected_by).toBe(TEAM);

    const list = (await (await call('GET', `/api/visit-log?municipality=${HIYOSHIZU}`, TEAM)).json()).data;
    const found = list.filter((e: { id: string }) => e.id === entry.id);
    expect(found).toHaveLength(1);
    expect(found[0].next_steps).toBe('勉強会を6月に');

    const [audit] = (await auditOf('visit_log.correct')).filter((a) => a.target === entry.id);
    expect(audit).toMatchObject({
      login: TEAM,
      detail: {
        municipality_code: HIYOSHIZU,
        reason: '訪問日と時期の誤記',
        changed: {
          visited_on: { before: '2026-04-10', after: '2026-04-11' },
          next_steps: { before: '勉強会を5月に', after: '勉強会を6月に' },
          follow_up_on: { before: null, after: '2026-06-30' },
        },
      },
    });
    expect(Object.keys(audit?.detail.changed as object)).not.toContain('met_with');
  });

  it('withdraws an entry: it leaves the log and 前回訪問 falls back to the latest remaining visit', async () => {
    const kept = await addEntry({ visited_on: '2026-05-01', met_with: '残る記録の相手' });
    const wrong = await addEntry({ visited_on: '2026-09-09', met_with: '誤って登録した相手' });
    expect(await packHtml()).toContain('2026-09-09');

    const res = await call('DELETE', `/api/visit-log/${HIYOSHIZU}/${wrong.id}`, TEAM, {
      reason: '別の町の記録だった',
    });
    expect(res.status).toBe(200);
    const list = (await (await call('GET', `/api/visit-log?municipality=${HIYOSHIZU}`, TEAM)).json()).data;
    expect(list.map((e: { id: string }) => e.id)).toContain(kept.id);
    expect(list.map((e: { id: string }) => e.id)).not.toContain(wrong.id);

    const html = await packHtml();
    expect(html).not.toContain('誤って登録した相手');
    expect(html).toMatch(/前回の推進チーム訪問: <strong>2026年5月1日<\/strong>/);

    const [audit] = (await auditOf('visit_log.withdraw')).filter((a) => a.target === wrong.id);
    expect(audit).toMatchObject({
      login: TEAM,
      detail: { municipality_code: HIYOSHIZU, reason: '別の町の記録だった', visited_on: '2026-09-09' },
    });

    // A withdrawn entry cannot be corrected or withdrawn again.
    const again = await call('DELETE', `/api/visit-log/${HIYOSHIZU}/${wrong.id}`, TEAM, { reason: '再度' });
    expect(again.status).toBe(404);
  });

  it('前回訪問 is the latest logged visit, even when the 実施状況 data has an older one', async () => {
    await addEntry({ visited_on: '2026-11-20' });
    expect(await packHtml()).toMatch(/前回の推進チーム訪問: <strong>2026年11月20日<\/strong>/);
  });

  it('refuses a correction from a municipality, and one without a reason', async () => {
    const entry = await addEntry({ visited_on: '2026-07-01' });
    const fields = {
      visited_on: '2026-07-02',
      met_with: 'x',
      next_steps: 'y',
      follow_up_on: null,
      reason: 'z',
    };
    const asTown = await call('PUT', `/api/visit-log/${HIYOSHIZU}/${entry.id}`, HOKUEI, fields);
    expect(asTown.status).toBe(403);
    const withdrawAsTown = await call('DELETE', `/api/visit-log/${HIYOSHIZU}/${entry.id}`, HOKUEI, {
      reason: 'z',
    });
    expect(withdrawAsTown.status).toBe(403);
    const noReason = await call('PUT', `/api/visit-log/${HIYOSHIZU}/${entry.id}`, TEAM, {
      ...fields,
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).error.message).toContain('理由');
    // Nothing changed, and nothing was audited for the refused attempts.
    const list = (await (await call('GET', `/api/visit-log?municipality=${HIYOSHIZU}`, TEAM)).json()).data;
    expect(list.find((e: { id: string }) => e.id === entry.id).visited_on).toBe('2026-07-01');
    expect((await auditOf('visit_log.correct')).filter((a) => a.target === entry.id)).toEqual([]);
  });

  it('corrects and withdraws through the page forms (no JavaScript), audited the same way', async () => {
    const entry = await addEntry({ visited_on: '2026-08-01', met_with: 'フォームで直す相手' });
    const form = (fields: Record<string, string>) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.set(k, v);
      return body;
    };
    const corrected = await demo.app.request(`/advocacy/${HIYOSHIZU}/visits/${entry.id}`, {
      method: 'POST',
      headers: demo.bearer(TEAM),
      body: form({
        visited_on: '2026-08-02',
        met_with: 'フォームで直した相手',
        next_steps: '次回は7月',
        follow_up_on: '',
        reason: '相手の誤記',
      }),
    });
    expect(corrected.status).toBe(303);
    expect(corrected.headers.get('location')).toContain('saved=corrected');
    expect(await packHtml()).toContain('フォームで直した相手');

    const withdrawn = await demo.app.request(`/advocacy/${HIYOSHIZU}/visits/${entry.id}/withdraw`, {
      method: 'POST',
      headers: demo.bearer(TEAM),
      body: form({ reason: '重複登録' }),
    });
    expect(withdrawn.status).toBe(303);
    expect(await packHtml()).not.toContain('フォームで直した相手');
    expect((await auditOf('visit_log.withdraw')).some((a) => a.target === entry.id)).toBe(true);

    const asTown = await demo.app.request(`/advocacy/${HIYOSHIZU}/visits/${entry.id}`, {
      method: 'POST',
      headers: demo.bearer(HOKUEI),
      body: form({ visited_on: '2026-08-03', met_with: 'a', next_steps: 'b', reason: 'c' }),
    });
    expect(asTown.status).toBe(403);
  });
});
