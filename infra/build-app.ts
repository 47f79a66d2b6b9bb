import type { App } from 'aws-cdk-lib';
import type { DeploymentSettings } from './settings';
import { DashboardStack } from './stacks/dashboard-stack';
import { DataStack } from './stacks/data-stack';
import { IngestStack } from './stacks/ingest-stack';

export interface PipelineOptions {
  settings: DeploymentSettings;
  /** Built browser assets to upload (dist/assets). */
  assetsDir: string;
  /** Handler entries, for tests; default the functions/ folder. */
  ingestEntry?: string;
  dashboardEntry?: string;
}

export interface Pipeline {
  data: DataStack;
  ingest: IngestStack;
  dashboard: DashboardStack;
}

/**
 * The whole deployment of one prefecture: a stateful stack and two stateless
 * ones that depend on it. Shared by the app entry and the tests, so tests
 * check exactly what `cdk deploy` ships.
 *
 * @example
 * const { data } = buildPipeline(new App(), { settings: TOTTORI_SETTINGS, assetsDir: 'dist/assets' });
 */
export function buildPipeline(app: App, options: PipelineOptions): Pipeline {
  const { settings } = options;
  const env =
    settings.account || settings.region ? { account: settings.account, region: settings.region } : undefined;
  const tags = { project: 'juso-monitor', prefecture: settings.prefectureCode };
  const data = new DataStack(app, `${settings.stackPrefix}-Data`, {
    settings,
    env,
    tags,
    description: '重層的支援モニタリング: データ（バケット、カタログ、利用者）',
    terminationProtection: true,
  });
  const ingest = new IngestStack(app, `${settings.stackPrefix}-Ingest`, {
    settings,
    data,
    env,
    tags,
    entry: options.ingestEntry,
    description: '重層的支援モニタリング: 取り込み（S3 → Lambda → Parquet）',
  });
  const dashboard = new DashboardStack(app, `${settings.stackPrefix}-Dashboard`, {
    settings,
    data,
    env,
    tags,
    assetsDir: options.assetsDir,
    entry: options.dashboardEntry,
    description: '重層的支援モニタリング: ダッシュボード（CloudFront、Lambda、Athena）',
  });
  // References go through named exports (Fn.importValue), which CDK does not
  // see as dependencies: deploy order is declared here.
  ingest.addStackDependency(data, 'imports bucket, key and user pool exports');
  dashboard.addStackDependency(data, 'imports bucket, key and user pool exports');
  dashboard.addStackDependency(ingest, 'imports the alarm topic export');
  return { data, ingest, dashboard };
}
