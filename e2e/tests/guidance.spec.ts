// The guidance loop (issue 14) in the PRW app against the real server: Ola calls a fourth time
// after his limit of 3; the worker taps "Send a kind reply" (Ola's own template, the `sms:` link's
// body asserted, an outgoing SMS logged), adds it to the agenda and shares it; the coordinator
// sees the item after the sync, without the note (over the summary API: the coordinator's screen
// of it is the team screens' work); the worker marks it talked about and the coordinator's list
// empties; a planned change from next Monday becomes the share answer's next change and, with the
// clock moved past it, Ola's limit. On the way: the kind reply's preview under More, the log
// form's quick minutes, the time given after hours on Today and Log. Axe on every new screen.
// Real time (the server checks the clocks of the mutations it takes): the worker's hours are
// every day from 00:01 to 24:00, so "now" is inside them and a call at 00:00 today is not. Ola's
// limit is reached, so he can call again tomorrow at 00:01: "tomorrow at 00:01", or within the
// last hour before midnight "in 17 minutes (00:01)" (core's `TimeWords::at`); both are right.
import { test, expect, Page, APIRequestContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { PASSWORD, badge, createAccount, logIn, pullAll, apiToken } from '../support/accounts';
import { Worker, newShareToken, uuidv5 } from '../support/worker';

test.use({ locale: 'en-GB', timezoneId: 'Europe/Oslo' });

const SYNCED = { timeout: 15_000 };
const NOTE = 'PRIVATE-AGENDA-NOTE';
/** When Ola may call again, as the kind reply says it (see above). */
const NEXT = String.raw`(tomorrow at 00:01|in \d+ minutes? \(00:01\))`;

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} (${v.nodes.map((n) => n.target).join(' ')})`)).toEqual([]);
}

/** The shared, open agenda of the coordinator's only worker, as the team summary gives it. */
async function sharedAgenda(request: APIRequestContext, token: string): Promise<{ body: string; agenda: any[] }> {
  const response = await request.get('/api/v1/team/summary', { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  const body = await response.text();
  return { body, agenda: JSON.parse(body).workers[0].agenda };
}

/** Today in Oslo, YYYY-MM-DD. */
function osloToday(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
}

test('a kind reply, the agenda with the coordinator, a planned change', async ({ page, request, browser }) => {
  // A worker and their coordinator in a team of their own; Ola with a limit of 3 a day, a share
  // link, and three calls today (written over the API as a phone's outbox would).
  const account = createAccount('worker', 'guide');
  const coordinator = createAccount('coordinator', 'guide-coord', account.teamId);
  const worker = new Worker(request);
  const login = await apiToken(request, account.username, PASSWORD);
  worker.token = login.token;
  worker.userId = login.userId;
  const ola = randomUUID();
  const token = newShareToken();
  const now = Date.now();
  await worker.sync([
    ['profile', uuidv5(worker.userId, 'profile'), {
      display_name: 'Per', phone: '+47 400 12 345', language: 'en', observe_public_holidays: false }],
    ['availability', uuidv5(worker.userId, 'availability'), {
      windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:01', end: '24:00' }] }],
    ['contact', ola, {
      name: 'Ola', role: 'service_user', phone: '+47 912 34 567', max_contacts_per_day: 3, share_token: token }],
    ...[1, 2, 3].map((n): [string, string, Record<string, unknown>] => ['log', randomUUID(), {
      contact_id: ola, at: new Date(now - n * 20_000).toISOString(), channel: 'call', direction: 'incoming', answered: true }]),
  ]);
  await logIn(page, account.username, account.password);
  await expect(badge(page)).toHaveAttribute('data-state', 'synced', SYNCED);

  // Ola's own kind reply, in his agreement.
  await page.goto(`/contacts/${ola}/edit`);
  await page.getByTestId('contact-kind-reply').fill('Hi {name}, I am back {next}. Before then: {fallback}.');
  await page.getByTestId('save-contact').click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${ola}$`));

  // Today: Ola's heads-up at 3 of 3; the fourth call is logged; the kind reply is offered.
  await page.getByTestId('nav-today').click();
  const card = page.getByTestId('person-ola');
  await expect(card.getByTestId('heads-up')).toContainText('3 times today (you agreed on 3)');
  await card.getByTestId('log-incoming-call').click();
  await expect(card.getByTestId('heads-up')).toContainText('4 times today');
  const reply = card.getByTestId('kind-reply');
  const href = (await reply.getAttribute('href'))!;
  expect(href).toMatch(/^sms:\+4791234567\?body=/);
  const body = decodeURIComponent(href.slice(href.indexOf('=') + 1));
  expect(body).toMatch(new RegExp(`^Hi Ola, I am back ${NEXT}\\. Before then: .+ 116 123\\.$`));
  await expectAccessible(page, 'today with a heads-up');
  // The SMS app would open: the test keeps the page (the app logs on the same click).
  await page.evaluate(() => window.addEventListener('click', (e) => {
    if ((e.target as Element).closest('a[href^="sms:"]')) e.preventDefault();
  }));
  await reply.click();
  await expect(page.getByTestId('logged-status')).toHaveText(/Logged your kind reply to Ola as a text message\./);

  // "Add to my agenda", then share it with a private note on the check-in.
  await card.getByTestId('add-to-agenda').click();
  await expect(card.getByTestId('on-agenda')).toBeVisible();
  await card.getByTestId('on-agenda').click();
  await expect(page).toHaveURL(/\/checkin$/);
  const item = page.getByTestId('agenda-item');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('agenda-headline')).toHaveText(/^Boundaries · Ola · Week \d+, \d{4}$/);
  await item.getByTestId('agenda-note').fill(NOTE);
  await item.getByTestId('agenda-note').blur();
  await item.getByTestId('agenda-share').check();
  await expectAccessible(page, 'check-in with the agenda');
  await expect(badge(page)).toHaveAttribute('data-state', 'synced', SYNCED);

  // On the server: the outgoing SMS to Ola, and the coordinator's view of the item, no note.
  const records = await pullAll(request, worker.token);
  const sms = records.filter((r) => r.kind === 'log' && !r.deleted && r.fields.channel === 'sms');
  expect(sms.map((r) => [r.fields.contact_id, r.fields.direction])).toEqual([[ola, 'outgoing']]);
  const boss = await apiToken(request, coordinator.username, PASSWORD);
  await expect.poll(async () => (await sharedAgenda(request, boss.token)).agenda.length, SYNCED).toBe(1);
  const shared = await sharedAgenda(request, boss.token);
  expect(shared.agenda[0]).toMatchObject({ topic: 'boundaries', contact_name: 'Ola' });
  expect(shared.body).not.toContain(NOTE);

  // Talked about: the coordinator's list empties; the item is listed as talked about.
  await item.getByTestId('agenda-discussed').click();
  await expect(page.getByTestId('agenda-item')).toHaveCount(0);
  await expect(page.getByTestId('agenda-discussed')).toContainText('Boundaries · Ola');
  await expect(badge(page)).toHaveAttribute('data-state', 'synced', SYNCED);
  await expect.poll(async () => (await sharedAgenda(request, boss.token)).agenda.length, SYNCED).toBe(0);

  // The log form's quick minutes; a call at 00:00 today, outside my hours, with 30 of them: the
  // time given after hours on Log's week and on Today.
  await page.getByTestId('nav-log').click();
  await page.locator('label', { has: page.getByTestId('log-person-ola') }).click();
  await expect(page.getByTestId('log-person-ola')).toBeChecked();
  await page.getByTestId('log-minutes-15').click();
  await expect(page.getByTestId('log-minutes')).toHaveValue('15');
  await page.getByTestId('log-minutes-30').click();
  await expect(page.getByTestId('log-minutes')).toHaveValue('30');
  await page.getByTestId('log-form').locator('summary').click();
  await page.getByTestId('log-at').fill(`${osloToday()}T00:00`);
  await page.getByTestId('save-log').click();
  await expect(page.getByTestId('log-saved')).toBeVisible();
  const given = 'This week you\'ve given 30 min outside your hours.';
  await expect(page.getByTestId('week-pressure').getByTestId('after-hours-time')).toHaveText(given);
  await expectAccessible(page, 'log');
  await page.getByTestId('nav-today').click();
  await expect(page.getByTestId('after-hours-time')).toHaveText(given);

  // Under More: the worker's own default kind reply, previewed for Ola as if sent now.
  await page.getByTestId('nav-more').click();
  await page.getByTestId('profile-kind-reply').fill('Hello {name}, back {next}.');
  await expect(page.getByTestId('kind-reply-preview')).toContainText(new RegExp(`Hello Ola, back ${NEXT}\\.`));
  await expectAccessible(page, 'more');

  // A planned change from next Monday: 2 a day.
  await page.goto(`/contacts/${ola}`);
  await page.getByTestId('plan-change').click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${ola}/plan$`));
  const from = await page.getByTestId('change-from').inputValue();
  expect(new Date(`${from}T12:00:00Z`).getUTCDay()).toBe(1);
  await page.getByTestId('change-limits').check();
  await page.getByTestId('change-per-day').getByRole('button', { name: /−$|-$/ }).click();
  await expect(page.getByTestId('change-per-day-value')).toHaveText('2');
  await expectAccessible(page, 'plan a change');
  await page.getByTestId('save-change').click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${ola}$`));
  await expect(page.getByTestId('planned-change')).toHaveCount(1);
  await expect(page.getByTestId('limits-in-force')).toContainText('Contacts per day: 3');
  await expectAccessible(page, 'contact with a planned change');
  await expect(badge(page)).toHaveAttribute('data-state', 'synced', SYNCED);

  // The share answer names it as the next change.
  await expect.poll(async () => {
    const share = await request.get(`/api/v1/share/${token}`);
    return (await share.json()).next_agreement_change?.from ?? null;
  }, SYNCED).toBe(from);

  // The clock moved past it: the limit in force is 2, on the contact page and Today.
  const later = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Oslo' });
  const phone = await later.newPage();
  await phone.clock.install({ time: new Date(`${from}T10:00:00Z`) });
  await logIn(phone, account.username, account.password);
  await expect(badge(phone)).toHaveAttribute('data-state', 'synced', SYNCED);
  await phone.goto(`/contacts/${ola}`);
  await expect(phone.getByTestId('limits-in-force')).toContainText('Contacts per day: 2');
  await expect(phone.getByTestId('planned-change')).toContainText('Since Monday');
  await later.close();
});
