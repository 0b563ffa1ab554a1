// The service user's share link (issue 6), end to end against the real server and SQLite file:
// a worker turns sharing on, a second browser context with no login opens the link and sees
// "reachable now"; the worker takes a day off and the page says "away" after a refresh; offline, the
// page still shows the stored state and recomputes it at a later clock; a new link kills the old.
//
// The worker's side here is written the way the PRW app writes it, `POST /api/v1/sync` with
// mutations, as a worker created for this spec alone (so the demo data other specs read stays
// untouched), which keeps this spec about the service user's page. share-app.spec.ts runs the same
// story with the app itself syncing; the app's share section (turn on, link, QR code, new link,
// undo, off, preview) is tested on the device below.
import { test, expect, Browser, BrowserContext, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { Worker, newShareToken, uuidv5 } from '../support/worker';

const BUDGET_BYTES = 120 * 1024;

/** Today's date in Oslo, `YYYY-MM-DD`, shifted by `days`. */
function osloDate(days = 0): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(date);
}

/** The service user's phone: a fresh context, no login, Norwegian, with the clock under control. */
async function serviceUserPhone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const page = await context.newPage();
  await page.clock.install();
  return { context, page };
}

test('a service user follows their peer through a private link, online and offline', async ({ browser, request }) => {
  const worker = new Worker(request);
  await worker.create('share');
  const contactId = randomUUID();
  const firstToken = newShareToken();

  // The worker: reachable around the clock, a service user with an agreement, sharing on.
  await worker.sync([
    ['profile', uuidv5(worker.userId, 'profile'), {
      display_name: 'Per', phone: '+47 400 12 345', observe_public_holidays: false,
      away_message: 'Hviler nå, snakkes snart' }],
    ['availability', uuidv5(worker.userId, 'availability'), {
      windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }] }],
    ['contact', contactId, {
      name: 'Sara', role: 'service_user', phone: '+47 912 34 567', notes: 'PRIVATE-NOTE',
      max_contacts_per_day: 3, expectations: 'Ring meg gjerne på kveldstid.', share_token: firstToken }],
  ]);

  // The service user opens the link: reachable now, with a call button, and nothing private.
  const { context, page } = await serviceUserPhone(browser);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let transferred = 0;
  const urls: string[] = [];
  cdp.on('Network.loadingFinished', (event) => { transferred += event.encodedDataLength; });
  cdp.on('Network.responseReceived', (event) => { urls.push(event.response.url); });
  await page.goto(`/s/${firstToken}`);
  const state = page.locator('.sc-state');
  await expect(state).toHaveText('Kan nås nå');
  await expect(page.getByRole('link', { name: 'Ring Per' })).toHaveAttribute('href', 'tel:+4740012345');
  await expect(page.getByText('Ring meg gjerne på kveldstid.')).toBeVisible();
  await expect(page.getByRole('link', { name: /Nødnummer/ })).toHaveAttribute('href', 'tel:113');
  await expect(page.getByRole('link', { name: 'Legg til i kalenderen' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
  await expect(page.locator('body')).not.toContainText('PRIVATE-NOTE');

  // Light: no PRW app code, and within the budget (what Chromium fetched for this first visit).
  expect(urls.some((url) => /\/peerline-[0-9a-f]+(_bg\.wasm|\.js)$/.test(url))).toBe(false);
  expect(urls.some((url) => url.includes('/share/peerline-share-'))).toBe(true);
  console.log(`share page first visit: ${transferred} bytes over the wire (${urls.length} responses)`);
  expect(transferred).toBeLessThanOrEqual(BUDGET_BYTES);
  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(accessibility.violations).toEqual([]);

  // Installable: its manifest starts at /s/, and its own service worker serves /s/.
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(manifestHref!)).json();
  expect(manifest.start_url).toBe('/s/');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe('/s/');

  // The worker takes the day off and syncs; the page says "away" after a refresh.
  await worker.sync([
    ['absence', randomUUID(), {
      starts_at: `${osloDate()}T00:00`, ends_at: `${osloDate(1)}T00:00`, kind: 'day_off',
      message: 'Fridag i dag, tilbake i morgen' }],
  ]);
  await page.reload();
  await expect(state).toHaveText('Borte');
  await expect(page.getByText('Til og med i dag')).toBeVisible();
  await expect(page.getByText('Fridag i dag, tilbake i morgen')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Trenger du noen nå?' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ring Per' })).toHaveCount(0);

  // Offline: the page opens from its service worker and shows the stored answer ...
  await context.setOffline(true);
  await page.reload();
  await expect(state).toHaveText('Borte');
  await expect(page.getByText('Uten nett – viser det som sist ble hentet')).toBeVisible();
  await expect(page.getByText(/^Sist oppdatert/)).toBeVisible();
  // ... and recomputes it as time passes: past midnight the day off is over.
  const tomorrowMorning = new Date(`${osloDate(1)}T09:00:00+01:00`).getTime();
  await page.clock.fastForward(tomorrowMorning - (await page.evaluate(() => Date.now())));
  await expect(state).toHaveText('Kan nås nå');
  await expect(page.getByText('Uten nett – viser det som sist ble hentet')).toBeVisible();
  await context.setOffline(false);

  // A new link kills the old one: the old page says so calmly, the new one works.
  const secondToken = newShareToken();
  await worker.sync([['contact', contactId, { share_token: secondToken }]]);
  const oldLink = await request.get(`/api/v1/share/${firstToken}`);
  expect(oldLink.status()).toBe(404);
  const { context: fresh, page: again } = await serviceUserPhone(browser);
  await again.goto(`/s/${firstToken}`);
  await expect(again.locator('.sc-state')).toHaveText('Denne lenken virker ikke lenger');
  await expect(again.getByRole('link', { name: /Nødnummer/ })).toHaveAttribute('href', 'tel:113');
  await again.goto(`/s/${secondToken}`);
  await expect(again.locator('.sc-state')).toHaveText('Borte');
  await fresh.close();
  await context.close();
});

test('the page follows the phone language and the calendar is a calendar', async ({ browser, request }) => {
  const worker = new Worker(request);
  await worker.create('share');
  const token = newShareToken();
  await worker.sync([
    ['profile', uuidv5(worker.userId, 'profile'), { display_name: 'Per', observe_public_holidays: false }],
    ['availability', uuidv5(worker.userId, 'availability'), {
      windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }] }],
    ['contact', randomUUID(), { name: 'Sara', role: 'service_user', share_token: token }],
  ]);
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Oslo' });
  const page = await context.newPage();
  await page.goto(`/s/${token}`);
  await expect(page.locator('.sc-state')).toHaveText('Reachable now');
  await expect(page.getByRole('heading', { name: 'The next 7 days' })).toBeVisible();
  // No profile phone: no call button, but always someone to call.
  await expect(page.getByRole('link', { name: 'Call Per' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Legevakt/ })).toHaveAttribute('href', 'tel:116117');
  const href = await page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href');
  const calendar = await request.get(href!);
  expect(calendar.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const text = await calendar.text();
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(text).toContain('\r\nSUMMARY:Per can be reached\r\n');
  await context.close();
});

test('in the PRW app, a service user contact gets a private link, a QR code and a preview', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const page = await context.newPage();
  await page.goto('/contacts/new');
  await page.getByTestId('contact-name').fill('Sara');
  await page.getByTestId('contact-phone').fill('+47 912 34 567');
  await page.getByTestId('save-contact').click();

  const section = page.getByTestId('share-link');
  await section.getByTestId('share-on').click();
  const link = section.getByTestId('share-url');
  const first = await link.textContent();
  expect(first).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  // Not live until the server has the token.
  await expect(section.getByTestId('share-status')).toHaveText('Lenken virker etter neste synkronisering.');
  await expect(section.getByRole('img', { name: 'QR-kode for lenken' }).locator('svg')).toBeVisible();
  // The long link wraps: nothing is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await section.getByTestId('share-preview').locator('summary').click();
  await expect(section.locator('.share-preview .sc-greeting')).toHaveText('Hei, Sara');
  await expect(section.locator('.share-preview').getByRole('link', { name: /Nødnummer/ })).toHaveAttribute('href', 'tel:113');

  // A new link replaces the old; undo brings the old one back; off removes it.
  await section.getByTestId('share-new').click();
  await expect(link).not.toHaveText(first!);
  await section.getByTestId('share-undo').click();
  await expect(link).toHaveText(first!);
  await section.getByTestId('share-off').click();
  await expect(section.getByTestId('share-on')).toBeVisible();
  await expect(section.getByTestId('share-url')).toHaveCount(0);
  await context.close();
});
