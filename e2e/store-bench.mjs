// The local store's figures (scripts/bench store): opens BASE_URL/?bench RUNS times in Debian's
// Chromium, each in a fresh page, and prints the median of each figure src/bench.rs publishes.
import { chromium } from 'playwright-core';

const [base, runs = '8'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const results = [];
for (let i = 0; i < Number(runs); i++) {
  const page = await browser.newPage();
  await page.goto(`${base}/?bench`);
  await page.waitForFunction(() => window.peerlineBench, null, { timeout: 120_000 });
  results.push(await page.evaluate(() => window.peerlineBench));
  await page.close();
}
await browser.close();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const first = results[0];
console.log(`${first.logs} logs, ${first.records} records in ${first.keys} keys: ${first.bytes} bytes of localStorage`);
for (const figure of ['load_ms', 'today_ms', 'rest_ms', 'open_all_ms']) {
  console.log(`${figure}: median ${median(results.map((r) => r[figure])).toFixed(1)} (${results.length} runs)`);
}
