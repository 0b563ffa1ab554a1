// What the page benchmarks (start-bench.mjs, tap-trace.mjs, tap-profile.mjs) share: Debian's
// Chromium as they launch it, the phone they emulate, Peerline with the demo worker's data on the
// phone, and issue 16's four taps.
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

/** A page of Peerline on Today, offline from its service worker with the demo worker's data, in
 * a context of its own (the tap benchmarks' starting point). */
export async function peerlineOfflineOnToday(browser, base) {
  const context = await browser.newContext(PHONE);
  await withDemoWorker(context, base);
  await context.setOffline(true);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.locator('article.person').first().waitFor();
  return page;
}

/**
 * Issue 16's commonest taps on Peerline, in the order they are taken in `page` (Today first):
 * what to tap, `before(i)` and `after(i)` each tap, and `setup` once before the first (the
 * check-in's screen). `key` names a tap on `scripts/bench profile`'s command line.
 */
export function peerlineTaps(page, base) {
  return [
    {
      name: 'log a call',
      key: 'log',
      target: () => page.locator('article.person').first().getByTestId('log-incoming-call'),
    },
    { name: 'day off', key: 'dayoff', target: () => page.getByTestId('day-off-toggle') },
    {
      name: 'open a contact',
      key: 'open',
      target: () => page.getByTestId('contact-list').locator('a').first(),
      before: async () => {
        await page.getByTestId('nav-contacts').click();
        await page.getByTestId('contact-list').waitFor();
      },
      after: async () => {
        await page.getByTestId('log-incoming-call').waitFor();
      },
    },
    {
      name: 'save a check-in',
      key: 'checkin',
      setup: async () => {
        await page.goto(`${base}/checkin`);
        await page.getByTestId('save-checkin').waitFor();
      },
      target: () => page.getByTestId('save-checkin'),
      before: async (i) => {
        await page.getByTestId(`energy-${(i % 5) + 1}`).check();
      },
    },
  ];
}
