// The share page polls cheaply (issue 15): every minute while shown, with the stored answer's ETag
// in If-None-Match, so an unchanged answer comes back as a body-less 304 and the card stays; a
// change the worker syncs arrives with the next poll; a hidden page waits minutes, not one, and
// fetches at once when shown again; an offline phone does not poll. The page's clock is Playwright's
// fake one, so a minute passes in a call; the server's clock is real.
import { test, expect, Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { Worker, newShareToken, uuidv5 } from '../support/worker';

const MINUTE = 60_000;

/** What the page asked `/api/v1/share/...` and what it got. */
type Poll = { ifNoneMatch: string | undefined; status: number; etag: string | undefined };

/** Records every answer to the page's share fetches. */
function recordPolls(page: Page): Poll[] {
  const polls: Poll[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/v1/share/')) return;
    polls.push({
      ifNoneMatch: response.request().headers()['if-none-match'],
      status: response.status(),
      etag: response.headers()['etag'],
    });
  });
  return polls;
}

/** Makes the page believe it is hidden or shown, as switching tabs or the screen going off does. */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    Object.defineProperty(document, 'hidden', { value: state === 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

test('the share page polls with If-None-Match, and backs off when hidden or offline', async ({ browser, request }) => {
  const worker = new Worker(request);
  await worker.create('poll');
  const token = newShareToken();
  await worker.sync([
    ['profile', uuidv5(worker.userId, 'profile'), {
      display_name: 'Per', phone: '+47 400 12 345', observe_public_holidays: false }],
    ['availability', uuidv5(worker.userId, 'availability'), {
      windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }] }],
    ['contact', randomUUID(), { name: 'Sara', role: 'service_user', share_token: token }],
  ]);

  const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const page = await context.newPage();
  await page.clock.install();
  const polls = recordPolls(page);
  let requests = 0;
  page.on('request', (sent) => {
    if (new URL(sent.url()).pathname.startsWith('/api/v1/share/')) requests += 1;
  });
  await page.goto(`/s/${token}`);
  await expect(page.locator('.sc-state')).toHaveText('Kan nås nå');
  await expect.poll(() => polls.length).toBe(1);
  expect(polls[0]).toMatchObject({ ifNoneMatch: undefined, status: 200 });
  const firstTag = polls[0].etag!;
  expect(firstTag).toMatch(/^W\/"/);

  // A minute on (the wait is spread by ±10 %): the same answer, as a 304 with no body.
  await page.clock.fastForward(1.2 * MINUTE);
  await expect.poll(() => polls.length).toBe(2);
  expect(polls[1]).toMatchObject({ ifNoneMatch: firstTag, status: 304, etag: firstTag });
  await expect(page.locator('.sc-state')).toHaveText('Kan nås nå');
  await expect(page.getByText('Uten nett – viser det som sist ble hentet')).toHaveCount(0);
  const stored = await page.evaluate((key) => localStorage.getItem(key), `peerline.share.${token}.etag`);
  expect(stored).toBe(firstTag);

  // The worker renames themself: the next poll brings it, with a new tag.
  await worker.sync([['profile', uuidv5(worker.userId, 'profile'), { display_name: 'Pål' }]]);
  await page.clock.fastForward(1.2 * MINUTE);
  await expect.poll(() => polls.length).toBe(3);
  expect(polls[2]).toMatchObject({ ifNoneMatch: firstTag, status: 200 });
  expect(polls[2].etag).not.toBe(firstTag);
  await expect(page.getByRole('link', { name: 'Ring Pål' })).toBeVisible();

  // Hidden: no poll within two minutes; one within the first hidden wait (5 minutes ± 10 %).
  await setVisibility(page, 'hidden');
  await page.clock.fastForward(2 * MINUTE);
  await page.waitForTimeout(300);
  expect(polls.length).toBe(3);
  await page.clock.fastForward(4 * MINUTE);
  await expect.poll(() => polls.length).toBe(4);
  expect(polls[3]).toMatchObject({ status: 304 });
  // Shown again: at once.
  await setVisibility(page, 'visible');
  await expect.poll(() => polls.length).toBe(5);

  // Offline: the browser says so, and the page stops asking (not even a failing request) until it
  // is back online.
  await context.setOffline(true);
  const before = requests;
  await page.clock.fastForward(10 * MINUTE);
  await page.waitForTimeout(300);
  expect(requests).toBe(before);
  await context.setOffline(false);
  await expect.poll(() => polls.length).toBe(6);
  expect(polls[5]).toMatchObject({ status: 304 });
  await context.close();
});
