// What the page benchmarks (start-bench.mjs, tap-trace.mjs) share: Debian's Chromium as they
// launch it, the phone they emulate, and Peerline with the demo worker's data on the phone.
import { chromium } from 'playwright-core';

export const THROTTLE = 4;
export const PHONE = { viewport: { width: 360, height: 640 }, locale: 'en-GB', timezoneId: 'Europe/Oslo' };

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** In `context`, the demo worker logs in, the records sync and the service worker takes the
 * page (so the app starts offline from then on). Returns what the phone then holds. */
export async function withDemoWorker(context, base) {
  const setup = await context.newPage();
  await setup.goto(`${base}/login`);
  await setup.getByTestId('login-username').fill('demo-worker-1');
  await setup.getByTestId('login-password').fill('peerline-demo');
  await setup.getByTestId('login-submit').click();
  await setup.waitForURL(`${base}/`);
  await setup.locator('article.person').first().waitFor({ timeout: 30_000 });
  await setup.evaluate(() => navigator.serviceWorker.ready);
  await setup.reload();
  await setup.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await setup.locator('article.person').first().waitFor();
  const people = await setup.locator('article.person').count();
  const keys = await setup.evaluate(() => Object.keys(localStorage).length);
  await setup.close();
  return { people, keys };
}
