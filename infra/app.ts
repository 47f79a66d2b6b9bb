/**
 * CDK app entry (`npm run synth`, `npx cdk deploy --all`). The only place
 * that reads context: settings come from `-c key=value` / cdk.context.json
 * over the Tottori defaults (infra/settings.ts).
 *
 * The browser bundle is rebuilt first (dashboard/build-client.ts) so that the
 * deployed assets always match the deployed app.
 */
import { App } from 'aws-cdk-lib';
import { ASSETS_DIR, buildClient } from '../dashboard/build-client';
import { buildPipeline } from './build-app';
import { addNagChecks } from './nag';
import { acknowledgements, applyAcknowledgements } from './nag-acknowledgements';
import { settingsFromContext } from './settings';

const app = new App();
const settings = settingsFromContext((key) => app.node.tryGetContext(key));

await buildClient(ASSETS_DIR);

const pipeline = buildPipeline(app, { settings, assetsDir: ASSETS_DIR });
applyAcknowledgements(acknowledgements(pipeline, settings));
addNagChecks(app);
app.synth();
