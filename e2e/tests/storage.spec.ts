// Nothing is lost (issue 18), in the PRW app alone with no account: once the phone holds a record
// the app asks the browser to keep its data (`navigator.storage.persist()`), and More says what
// the browser keeps and how much space is used. Then localStorage is filled to the last byte, a
// call is logged (storage refuses it: the app keeps it in memory and says so), space is freed, and
// the call is found after a reload: the app writes again what storage refused at its clock's tick.
//
// Chromium grants `persist()` only to sites it trusts (bookmarked, installed, much used), so in
// this fresh profile it says no: the test counts the app's calls of `persist()` (passed on to the
// browser's own), then grants the permission behind it (`durableStorage`) over CDP, as an
// installed app would have it, and More must say what the browser then says. The clock is
// Playwright's (at the real time), so the app's 20-second tick can be moved on.
import { test, expect, Page } from '@playwright/test';

test.use({ locale: 'en-GB', timezoneId: 'Europe/Oslo' });

const TICK_MS = 20_000;
const MAY_CLEAR = 'The browser may clear the data on this phone when space runs low.';
const KEPT = 'The browser keeps the data on this phone.';

async function persisted(page: Page): Promise<boolean> {
  return page.evaluate(() => navigator.storage.persisted());
}

async function persistCalls(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { persistCalls: number }).persistCalls);
}

/** Bytes as the app says them (powers of 1000, a decimal only under ten): "1.2 MB", "300 GB". */
function amount(bytes: number): string {
  const [unit, name] =
    bytes < 1e3 ? [1, 'B'] : bytes < 1e6 ? [1e3, 'kB'] : bytes < 1e9 ? [1e6, 'MB'] : [1e9, 'GB'];
  const tenths = Math.floor((bytes * 10 + unit / 2) / unit);
  if (tenths < 100 && tenths % 10 > 0) return `${Math.floor(tenths / 10)}.${tenths % 10} ${name}`;
  return `${Math.floor((bytes + unit / 2) / unit)} ${name}`;
}

test('the browser is asked to keep the data, and a change storage refused is stored once space is free', async ({
  page,
  context,
  baseURL,
}) => {
  await page.addInitScript(() => {
    const counted = window as unknown as { persistCalls: number };
    counted.persistCalls = 0;
    const persist = StorageManager.prototype.persist;
    StorageManager.prototype.persist = function (this: StorageManager) {
      counted.persistCalls += 1;
      return persist.call(this);
    };
  });
  await page.clock.install();
  await page.clock.resume();
  await page.goto('/');
  await expect(page.getByTestId('my-state')).toBeVisible();

  // No record yet: the app has not asked, the browser promises nothing, and More says so.
  await page.clock.fastForward(TICK_MS);
  await page.getByTestId('nav-more').click();
  await expect(page.getByTestId('storage-kept')).toHaveText(MAY_CLEAR);
  expect(await persisted(page)).toBe(false);
  expect(await persistCalls(page)).toBe(0);

  // A first record; at the next tick the app asks the browser to keep the data.
  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('add-contact').click();
  await page.getByTestId('contact-name').fill('Ola');
  await page.getByTestId('save-contact').click();
  await expect(page.getByRole('heading', { name: 'Ola' })).toBeVisible();
  const ola = page.url();
  await page.clock.fastForward(TICK_MS);
  await expect.poll(() => persistCalls(page)).toBe(1);
  // Once per start: later ticks do not ask again. This profile's browser said no, and More says so.
  await page.clock.fastForward(TICK_MS);
  await page.getByTestId('nav-more').click();
  await expect(page.getByTestId('storage-kept')).toHaveText(MAY_CLEAR);
  expect(await persisted(page)).toBe(false);
  expect(await persistCalls(page)).toBe(1);

  // With the permission granted, the browser keeps the data; More, opened again, says so, and how
  // much space the browser counts, in words.
  const cdp = await context.newCDPSession(page);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  await cdp.send('Browser.grantPermissions', {
    origin: new URL(baseURL!).origin,
    browserContextId: targetInfo.browserContextId,
    permissions: ['durableStorage'],
  });
  expect(await persisted(page)).toBe(true);
  await page.getByTestId('nav-today').click();
  await page.getByTestId('nav-more').click();
  await expect(page.getByTestId('storage-kept')).toHaveText(KEPT);
  const { quota } = await page.evaluate(() => navigator.storage.estimate());
  expect(quota).toBeGreaterThan(0);
  const quotaText = amount(quota!).replace('.', '\\.');
  await expect(page.getByTestId('storage-used')).toHaveText(
    new RegExp(`^About \\d+(\\.\\d)? (B|kB|MB|GB) used of ${quotaText}\\.$`),
  );

  // Back on Ola's page, localStorage is filled to the last byte.
  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('contact-list').getByText('Ola').click();
  await expect(page).toHaveURL(ola);
  const fillers = await page.evaluate(() => {
    let size = 1 << 22;
    let count = 0;
    for (;;) {
      try {
        localStorage.setItem(`filler.${count}`, 'x'.repeat(size));
        count += 1;
      } catch (error) {
        if ((error as DOMException).name !== 'QuotaExceededError') throw error;
        if (size === 1) return count;
        size = Math.floor(size / 2);
      }
    }
  });
  expect(fillers).toBeGreaterThan(0);

  // A call logged with one tap: shown at once, kept in memory, and the app says it is not stored.
  await page.getByTestId('log-incoming-call').click();
  await expect(page.getByTestId('week-count')).toHaveText('1 contact this week');
  await expect(page.getByTestId('storage-full-notice')).toContainText('This phone has no more room for Peerline.');

  // Space is freed (nothing else is done in the app); at the next tick the call is stored, and the
  // notice goes.
  await page.evaluate((count) => {
    for (let n = 0; n < count; n += 1) localStorage.removeItem(`filler.${n}`);
  }, fillers);
  await page.clock.fastForward(TICK_MS);
  await expect(page.getByTestId('storage-full-notice')).toHaveCount(0);

  // A reload finds the call.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Ola' })).toBeVisible();
  await expect(page.getByTestId('week-count')).toHaveText('1 contact this week');
});
