import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as cloudassembly from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll } from 'vitest';
import { buildPipeline, type Pipeline } from '../../infra/build-app';
import { acknowledgements, applyAcknowledgements } from '../../infra/nag-acknowledgements';
import { type DeploymentSettings, TOTTORI_SETTINGS } from '../../infra/settings';

export interface SynthesizedPipeline {
  app: App;
  pipeline: Pipeline;
  settings: DeploymentSettings;
  assembly: cloudassembly.CloudAssembly;
  data: Template;
  ingest: Template;
  dashboard: Template;
  /** Removes the temporary cdk.out (two Lambda assets with DuckDB: ~150 MB). */
  dispose(): void;
}

/**
 * Synthesizes the real deployment (real handlers, real bundling) into a
 * temporary cdk.out. The browser bundle is stood in by a one-file folder:
 * building it is the dashboard's concern, uploading it is ours.
 */
export function synthPipeline(overrides: Partial<DeploymentSettings> = {}): SynthesizedPipeline {
  const assetsDir = mkdtempSync(path.join(os.tmpdir(), 'infra-assets-'));
  writeFileSync(path.join(assetsDir, 'app.js'), 'document.body.dataset.ready = "1";\n');
  const settings: DeploymentSettings = { ...TOTTORI_SETTINGS, alarmEmail: 'ops@example.jp', ...overrides };
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'infra-cdk-out-'));
  const app = new App({ outdir });
  const pipeline = buildPipeline(app, { settings, assetsDir });
  applyAcknowledgements(acknowledgements(pipeline, settings));
  const assembly = app.synth();
  return {
    app,
    pipeline,
    settings,
    assembly,
    data: Template.fromStack(pipeline.data),
    ingest: Template.fromStack(pipeline.ingest),
    dashboard: Template.fromStack(pipeline.dashboard),
    dispose: () => {
      for (const dir of [outdir, assetsDir]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * synthPipeline once for the calling test file: synthesized in beforeAll,
 * disposed in afterAll; the fields are readable inside tests and hooks.
 */
export function synthPipelineForFile(overrides: Partial<DeploymentSettings> = {}): SynthesizedPipeline {
  let current: SynthesizedPipeline | undefined;
  beforeAll(() => {
    current = synthPipeline(overrides);
  });
  afterAll(() => current?.dispose());
  const get = (): SynthesizedPipeline => {
    if (!current) throw new Error('the pipeline is synthesized in beforeAll: read it inside a test or hook');
    return current;
  };
  const fields = ['app', 'pipeline', 'settings', 'assembly', 'data', 'ingest', 'dashboard'] as const;
  const lazy = { dispose: () => current?.dispose() } as SynthesizedPipeline;
  for (const field of fields) Object.defineProperty(lazy, field, { get: () => get()[field] });
  return lazy;
}

/** A CloudFormation value as readable text: `{import:Export}`, `{Logical.Attr}`, `{Ref}` inside joins. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(render).join(',');
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
    if ('Fn::ImportValue' in v) return `{import:${render(v['Fn::ImportValue'])}}`;
    if ('Fn::GetAtt' in v) return `{${(v['Fn::GetAtt'] as string[]).join('.')}}`;
    if ('Ref' in v) return `{${String(v.Ref)}}`;
  }
  return JSON.stringify(value);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** IAM statements of every policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => asList(p.Properties.Roles).some((r: unknown) => render(r) === `{${roleLogicalId}}`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** The deployment's three templates, each with its stack's short name. */
export const stackTemplates = (synth: SynthesizedPipeline): [string, Template][] => [
  ['data', synth.data],
  ['ingest', synth.ingest],
  ['dashboard', synth.dashboard],
];

/** IAM statements of the ingest or the dashboard function's role. */
export function functionRoleStatements(
  synth: SynthesizedPipeline,
  which: 'ingest' | 'dashboard' | 'publisher',
): Statement[] {
  const fn =
    which === 'ingest'
      ? synth.pipeline.ingest.ingest.fn
      : which === 'dashboard'
        ? synth.pipeline.dashboard.app.fn
        : synth.pipeline.dashboard.publisher.fn;
  const template = which === 'ingest' ? synth.ingest : synth.dashboard;
  return statementsOfRole(template, Stack.of(fn).getLogicalId(fn.role?.node.defaultChild as never));
}
