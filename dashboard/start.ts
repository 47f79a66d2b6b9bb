/**
 * `npm start`: the local dashboard. On an empty data folder it first creates
 * demo accounts, generates and ingests the demo extracts, and builds the
 * browser bundle if dist/assets is missing; completes or rolls back the
 * uploads a crash interrupted; then serves on 127.0.0.1:PORT.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { ensureDemoData } from '../src/demo';
import { createApp } from './app';
import { DEMO_ACCOUNTS_FILE, ensureDemoAccounts } from './auth/demo-accounts';
import { ASSETS_DIR, buildClient } from './build-client';
import { startServer } from './server';
import { localDeps } from './services/deps';
import { recoverLocalUploads } from './services/upload-recovery';

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** One progress line, rewritten in place on a terminal, one line per file otherwise (logs, CI). */
function progressLine(done: number, total: number, file: string): void {
  const text = `デモデータを取り込み中… ${done}/${total} ${file}`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r\x1b[K${text}`);
    if (done === total) process.stderr.write('\n');
  } else process.stderr.write(`${text}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const accounts = await ensureDemoAccounts(config.dataDir);
  if (accounts.created) console.log(`デモ用アカウントを作成しました: ${accounts.file}`);

  const demo = await ensureDemoData(config, { onProgress: progressLine });
  if (demo.generated) {
    const rejected = demo.reports.filter((r) => r.status === 'rejected');
    console.log(
      `デモデータ ${demo.reports.length} ファイルを取り込みました（取込エラー ${rejected.length} 件）。`,
    );
    for (const r of rejected) console.error(`  取込エラー: ${r.file}（エラー ${r.errors_total} 件）`);
  }

  if (!(await exists(path.join(ASSETS_DIR, 'app.js')))) {
    console.log('画面用のスクリプトをビルドしています…');
    await buildClient();
  }

  const deps = await localDeps(config);
  // Before serving: no request reads a history or starts an upload while interrupted ones are re-run.
  await recoverLocalUploads(deps);
  // The current data's published grid (stored after the last upload, or built and stored now).
  await deps.indicators.publish();
  const app = createApp(deps, { distDir: path.dirname(ASSETS_DIR) });
  const server = await startServer(app, config.port);
  const demoFile = path.join(config.dataDir, DEMO_ACCOUNTS_FILE);
  console.log(`ダッシュボード: ${server.url}/`);
  console.log(
    (await exists(demoFile))
      ? `ログイン: ${demoFile} に役割・市町村ごとのログインID・パスワード・APIトークンがあります（例: ログインID "prefecture"）。`
      : `ログイン: ${path.join(config.dataDir, 'accounts.json')} に登録されたアカウントでログインしてください。`,
  );
  console.log('終了するには Ctrl+C を押してください。');

  const stop = () => {
    server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`起動できませんでした: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
