/**
 * Lambda entry of the dashboard as deployed: the app's own handler
 * (./app-handler.ts) behind the CloudFront origin check (./origin-guard.ts).
 */
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { loadConfig } from '../../src/config';
import { handler as appHandler } from './app-handler';
import { withOriginSecret } from './origin-guard';

export const handler = withOriginSecret(
  (event: LambdaEvent, context: LambdaContext | undefined) => appHandler(event, context),
  loadConfig().originSecret,
);
