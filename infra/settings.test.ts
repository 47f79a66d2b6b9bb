import { describe, expect, it } from 'vitest';
import { settingsFromContext, TOTTORI_SETTINGS } from './settings';

const context =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

describe('settingsFromContext', () => {
  it('deploys Tottori with no context at all', () => {
    expect(settingsFromContext(context({}))).toEqual({
      ...TOTTORI_SETTINGS,
      account: undefined,
      region: undefined,
      domainName: undefined,
      certificateArn: undefined,
      publicOrigin: undefined,
      webAclArn: undefined,
      alarmEmail: undefined,
    });
    expect(TOTTORI_SETTINGS.municipalityCodes).toHaveLength(19);
  });

  it("takes another prefecture's codes and derives the public origin from the custom domain", () => {
    const settings = settingsFromContext(
      context({
        stackPrefix: 'JusoMonitor-Shimane',
        prefectureCode: '320005',
        municipalityCodes: '322016, 322024',
        domainName: 'monitor.example.jp',
        certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
        bytesScannedCutoff: '104857600',
      }),
    );
    expect(settings.municipalityCodes).toEqual(['322016', '322024']);
    expect(settings.publicOrigin).toBe('https://monitor.example.jp');
    expect(settings.uploadOrigins).toEqual(['https://monitor.example.jp']);
    expect(settings.bytesScannedCutoff).toBe(104857600);
  });

  it('rejects context that would deploy something broken', () => {
    expect(() => settingsFromContext(context({ municipalityCodes: '31201' }))).toThrow(/6 digits/);
    expect(() => settingsFromContext(context({ domainName: 'monitor.example.jp' }))).toThrow(/go together/);
    expect(() => settingsFromContext(context({ publicOrigin: 'http://monitor.example.jp' }))).toThrow(
      /https/,
    );
    expect(() => settingsFromContext(context({ maxUploadMb: '0' }))).toThrow(/positive/);
  });

  it('lets browsers upload only from exact origins of this deployment', () => {
    // No origin known yet: no CORS origin at all, never any CloudFront distribution's.
    expect(settingsFromContext(context({})).uploadOrigins).toEqual([]);
    expect(
      settingsFromContext(context({ publicOrigin: 'https://d111111abcdef8.cloudfront.net' })).uploadOrigins,
    ).toEqual(['https://d111111abcdef8.cloudfront.net']);
    for (const uploadOrigins of ['https://*.cloudfront.net', '*', 'http://monitor.example.jp'])
      expect(() => settingsFromContext(context({ uploadOrigins }))).toThrow(/exact https/);
  });
});
