// Playwright drives Debian's Chromium (never a downloaded browser) against a real peerline-server
// process on a real SQLite file; scripts/test builds both and picks the port and database path.
import { defineConfig, devices } from '@playwright/test';
import * as path from 'node:path';

const port = Number(process.env.PEERLINE_E2E_PORT ?? 8765);
const database = process.env.PEERLINE_E2E_DATABASE ?? path.join(__dirname, 'test-results', 'e2e.db');
const root = path.resolve(__dirname, '..');
const server = path.join(root, 'target', 'debug', 'peerline-server');
const staticDir = process.env.PEERLINE_E2E_STATIC_DIR ?? path.join(root, 'dist');
const databaseUrl = `sqlite://${database}`;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    ...devices['Pixel 5'],
    viewport: { width: 360, height: 640 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    // --force: a reused e2e database holds the teams of earlier runs' specs (demo refuses a
    // database with other teams, its password being public); this one is only for tests.
    command:
      `${server} demo --force --database-url ${databaseUrl} && ` +
      `exec ${server} serve --addr 127.0.0.1:${port} --database-url ${databaseUrl} --static-dir ${staticDir}`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    // PEERLINE_E2E_REUSE=1 runs the suite against a server you started yourself on the same port.
    reuseExistingServer: process.env.PEERLINE_E2E_REUSE === '1',
    // The request trace would drown the test report; warnings and errors still show.
    env: { ...(process.env as Record<string, string>), RUST_LOG: process.env.RUST_LOG ?? 'warn' },
    stdout: 'ignore',
    stderr: 'pipe',
    timeout: 60_000,
  },
});
