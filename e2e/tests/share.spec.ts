// The service user's share link (issue 6), end to end against the real server and SQLite file:
// a worker turns sharing on, a second browser context with no login opens the link and sees
// "reachable now"; the worker takes a day off and the page says "away" after a refresh; offline, the
// page still shows the stored state and recomputes it at a later clock; a new link kills the old.
//
// The worker's side is written the way the PRW app writes it: `POST /api/v1/sync` with mutations,
// as a worker created for this spec alone (so the demo data other specs read stays untouched).
import { test, expect, APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const serverBinary = path.join(root, 'target', 'debug', 'peerline-server');
const database = process.env.PEERLINE_E2E_DATABASE ?? path.join(root, 'e2e', 'test-results', 'e2e.db');
const databaseUrl = `sqlite://${database}`;
const BUDGET_BYTES = 120 * 1024;

/** UUIDv5 (RFC 4122, SHA-1) of `name` in `namespace`: the derived profile and availability ids. */
function uuidv5(namespace: string, name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A share token as the app makes one: 32 random bytes, base64url. */
function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Today's date in Oslo, `YYYY-MM-DD`, shifted by `days`. */
function osloDate(days = 0): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(date);
}

/** A worker of a team of its own, created with the server's command line, logged in over the API. */
class Worker {
  readonly clientId = randomUUID();
  private mid = 0;
  private token = '';
  userId = '';

  constructor(private readonly request: APIRequestContext) {}

  async create(): Promise<void> {
    const username = `share-e2e-${randomBytes(4).toString('hex')}`;
    const run = (args: string[], input?: string) =>
      execFileSync(serverBinary, [...args, '--database-url', databaseUrl], { input, encoding: 'utf8' }).trim();
    const team = run(['create-team', '--name', `Share e2e ${username}`]);
    run(['create-user', '--team', team, '--role', 'worker', '--username', username, '--display-name', 'Per'],
      'share e2e password\n');
    const login = await this.request.post('/api/v1/auth/login', {
      data: { username, password: 'share e2e password' },
    });
    expect(login.status()).toBe(200);
    const body = await login.json();
    this.token = body.token;
    this.userId = body.user.id;
  }

  /** Pushes `mutations` (kind, id, fields[, deleted]) in one sync and expects each accepted. */
  async sync(mutations: Array<[string, string, Record<string, unknown>, boolean?]>): Promise<void> {
    const now = Date.now();
    const body = {
      client_id: this.clientId,
      cursor: null,
      mutations: mutations.map(([kind, id, set, deleted]) => {
        this.mid += 1;
        const hlc = `${String(now).padStart(13, '0')}:${this.mid.toString(16).padStart(4, '0')}:${this.clientId}`;
        return { mid: this.mid, kind, id, hlc, set, ...(deleted === undefined ? {} : { deleted }) };
      }),
    };
    const response = await this.request.post('/api/v1/sync', {
      data: body,
      headers: { authorization: `Bearer ${this.token}` },
    });
    expect(response.status()).toBe(200);
    expect((await response.json()).rejected).toEqual([]);
  }
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
  await worker.create();
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
  await worker.create();
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
