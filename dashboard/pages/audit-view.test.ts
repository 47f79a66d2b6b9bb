import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../services/audit-log';
import { auditRow, concernsTown, entryTown } from './audit-view';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  at: '2026-12-03T03:17:45.000Z',
  login: 'prefecture',
  role: 'prefecture',
  municipality_code: null,
  action: 'export',
  target: 'indicators/consultations',
  detail: {},
  ...over,
});

describe('操作記録 rows', () => {
  it('name the town acted on: an upload’s, a visit’s, an export’s filter, else the actor’s own', () => {
    expect(entryTown(entry({ action: 'upload', detail: { municipality_code: '313726' } }))).toBe('313726');
    expect(entryTown(entry({ detail: { filters: { municipality: '312011', from: null } } }))).toBe('312011');
    const staff = entry({ login: 'municipality-313289', role: 'municipality', municipality_code: '313289' });
    expect(entryTown(staff)).toBe('313289');
    expect(entryTown(entry({}))).toBeNull();
    // A prefecture upload for 北栄町 concerns 北栄町; staff of 北栄町 exporting 鳥取市 concerns both.
    const both = entry({ municipality_code: '313726', detail: { filters: { municipality: '312011' } } });
    expect(concernsTown(both, '313726')).toBe(true);
    expect(concernsTown(both, '312011')).toBe(true);
    expect(concernsTown(both, '312029')).toBe(false);
  });

  it('read in Japanese and Japan time', () => {
    const row = auditRow(
      entry({
        action: 'upload',
        target: '20261203T031745000Z-abc',
        detail: { file: 'x.csv', dataset: 'cases', municipality_code: '313726', status: 'rejected', rows: 3 },
      }),
    );
    expect(row.日時).toBe('2026年12月3日 12:17');
    expect(row.操作).toBe('アップロード');
    expect(row.役割).toBe('県 孤独・孤立対策課');
    expect(row.対象の市町村).toBe('北栄町');
    expect(row.詳細).toContain('結果: 取込エラー');
    expect(row.詳細).toContain('市町村: 北栄町');
    const exported = auditRow(
      entry({ detail: { rows: 5, data_version: '20260424T004000000Z-c3f7a3fdb8d6' } }),
    );
    expect(exported.詳細).toBe('行数: 5');
    expect(auditRow(entry({ action: 'sign_in.throttled', role: null, login: 'x' })).役割).toBe(
      '（未ログイン）',
    );
  });
});
