// Lighthouse (12.8.2, mobile preset: emulated phone, simulated slow 4G and CPU) in Debian's Chromium
// on the PRW app's Today screen and on a service user's share page. The bar here is the CI bar of
// issue 8 (performance >= 90, accessibility 100), judged on the median of five runs for each page
// (one run swings with the machine's load: CI once saw the share page at 0.89 with 446 ms of blocking
// time in its only run); the scores are printed and written to test-results/lighthouse.json for the
// README's figures.
//
// Lighthouse's simulated phone is the host's CPU slowed 4x, which its docs calibrate for a host with
// a benchmark index of about 1,500; a slower or busier host makes a slower phone, and the same build
// scores lower with no change to the app (CI's machine gave Today 0.80, TBT 576-694 ms, where this
// one gave 0.94-0.97). Lighthouse's answer (docs/throttling.md, "Calibrating multipliers") is a
// multiplier chosen from the host's benchmark index: each run here measures it with Lighthouse's own
// page function just before the run and, on a host slower than Lighthouse's reference, lowers the
// multiplier to what Lighthouse's CPU throttling calculator gives, so the emulated phone stays the
// same. A faster host keeps the default 4x: the check never gets easier than stock Lighthouse.
import { test, expect, chromium } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Worker, newShareToken, uuidv5 } from '../support/worker';

const PERFORMANCE_BAR = 0.9;
const ACCESSIBILITY_BAR = 1.0;
const DEFAULT_CPU_SLOWDOWN = 4; // Lighthouse's mobile preset
type Scores = {
  performance: number; accessibility: number; lcp_ms: number; tbt_ms: number;
  benchmark_index: number; cpu_slowdown: number;
};
const results: Record<string, Scores> = {};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The CPU slowdown for a host with this benchmark index: the piecewise-linear fit of Lighthouse's CPU
 * throttling calculator (1x at 150, a host already as slow as the phone; 2x at 800; 3x at 1,300; 4x,
 * the default, at about 1,533), never above the default.
 */
function cpuSlowdownFor(benchmarkIndex: number): number {
  if (benchmarkIndex < 150) {
    throw new Error(`this host (benchmark index ${benchmarkIndex}) is slower than the phone Lighthouse emulates`);
  }
  const slowdown = benchmarkIndex < 800 ? 1 + (benchmarkIndex - 150) / 650
    : benchmarkIndex < 1300 ? 2 + (benchmarkIndex - 800) / 500
      : 3 + (benchmarkIndex - 1300) / 233;
  return Math.min(DEFAULT_CPU_SLOWDOWN, Math.round(slowdown * 10) / 10);
}

/** One Lighthouse run in a fresh browser; the whole report is kept for reading which audit cost the score. */
async function lighthouseRun(name: string, url: string): Promise<{ scores: Scores; failingAccessibility: string[]; longTasks: string[] }> {
  const { default: lighthouse } = await import('lighthouse');
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--remote-debugging-port=${port}`,
    ],
  });
  try {
    // Lighthouse's own benchmark, in a tab of its own just before the run; the first pass warms the
    // fresh browser up (it reads 20-40 % low here), the second is the one taken.
    const { pageFunctions } = await import('lighthouse/core/lib/page-functions.js');
    const tab = await browser.newPage();
    const benchmark = `(${pageFunctions.computeBenchmarkIndex})()`;
    await tab.evaluate(benchmark);
    const benchmarkIndex: number = Math.round(await tab.evaluate(benchmark));
    await tab.close();
    const result = await lighthouse(url, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      throttling: { cpuSlowdownMultiplier: cpuSlowdownFor(benchmarkIndex) },
    });
    const lhr = result!.lhr;
    const dir = path.join(__dirname, '..', 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `lighthouse-${name}.lhr.json`), JSON.stringify(lhr));
    const failingAccessibility = Object.values(lhr.audits)
      .filter((audit) => audit.score !== null && audit.score < 1 && lhr.categories.accessibility.auditRefs.some((ref) => ref.id === audit.id))
      .map((audit) => audit.id);
    return {
      scores: {
        performance: lhr.categories.performance.score ?? 0,
        accessibility: lhr.categories.accessibility.score ?? 0,
        lcp_ms: Math.round(lhr.audits['largest-contentful-paint'].numericValue ?? 0),
        tbt_ms: Math.round(lhr.audits['total-blocking-time'].numericValue ?? 0),
        benchmark_index: benchmarkIndex,
        cpu_slowdown: lhr.configSettings.throttling.cpuSlowdownMultiplier,
      },
      failingAccessibility,
      // Where the blocking time comes from, for reading a low score in CI's log.
      longTasks: ((lhr.audits['long-tasks'].details as { items?: { url: string; duration: number }[] })?.items ?? [])
        .map((task) => `${task.url.replace(/^.*\//, '') || task.url} ${Math.round(task.duration)} ms`),
    };
  } finally {
    await browser.close();
  }
}

/**
 * `runs` Lighthouse runs, judged by the run with the median performance score (what Lighthouse CI
 * does too: one run on a busy two-core machine swings by several points).
 */
async function audit(name: string, url: string, runs: number): Promise<void> {
  const all = [];
  for (let run = 1; run <= runs; run += 1) {
    const outcome = await lighthouseRun(runs === 1 ? name : `${name}-${run}`, url);
    console.log(`lighthouse ${name} run ${run}: ${JSON.stringify(outcome.scores)}; long tasks (simulated): ${outcome.longTasks.join(', ')}`);
    all.push(outcome);
  }
  all.sort((a, b) => a.scores.performance - b.scores.performance);
  const median = all[Math.floor(all.length / 2)];
  results[name] = median.scores;
  console.log(`lighthouse ${name}: ${JSON.stringify(median.scores)}`);
  expect(median.scores.accessibility, `accessibility audits failing: ${median.failingAccessibility.join(', ')}`).toBeGreaterThanOrEqual(ACCESSIBILITY_BAR);
  expect(median.scores.performance).toBeGreaterThanOrEqual(PERFORMANCE_BAR);
}

// Merged into what is there: after a failed test Playwright starts a fresh worker process, whose
// `results` lack the scores of the tests before it.
test.afterAll(() => {
  const file = path.join(__dirname, '..', 'test-results', 'lighthouse.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const earlier = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  fs.writeFileSync(file, JSON.stringify({ ...earlier, ...results }, null, 2));
});

test('the Today screen meets the Lighthouse bar', async ({ baseURL }) => {
  test.setTimeout(300_000);
  await audit('today', `${baseURL}/`, 5);
});

test('a share page meets the Lighthouse bar', async ({ baseURL, request }) => {
  test.setTimeout(300_000);
  const worker = new Worker(request);
  await worker.create('lighthouse');
  const token = newShareToken();
  await worker.sync([
    ['profile', uuidv5(worker.userId, 'profile'), { display_name: 'Per', phone: '+47 400 12 345' }],
    ['availability', uuidv5(worker.userId, 'availability'), {
      windows: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '16:00' }, { days: [6, 7], start: '17:00', end: '21:00' }] }],
    ['contact', randomUUID(), { name: 'Sara', role: 'service_user', share_token: token, expectations: 'Ring på kvelden.' }],
  ]);
  await audit('share', `${baseURL}/s/${token}`, 5);
});
