// The coordinator's cover calendar (issue 19), the coordinator's part of the issue's scenario:
// worker A plans a week away at Christmas in Hours and asks the team for cover; the coordinator's
// calendar shows it first, uncovered (in words and with an icon), with the public holidays marked,
// and Team this week's header counts it; worker B offers; the calendar then names B, and the
// header's count goes down. Offline, the calendar last fetched is shown with its time. The demo
// team's calendar shows Ingrid's covered day off and her uncovered Christmas.
//
// The coordinator's clock is set to 14 December of the coming Christmas (the calendar's weeks and
// the header's "ahead" follow the phone's clock; the server lists whatever dates it is asked
// for), so the spec means the same on any day of the year. B offers over `/sync` as B: a worker's
// Cover screen lists the next 8 weeks by the server's real clock, which a spec cannot move, and
// offering from the Cover screen is cover.spec.ts's.
import { test, expect, Browser } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, apiToken, axeClean, badge, createAccount, logIn, pullAll, syncAs } from '../support/accounts';
import { isoWeek, local } from '../support/figures';

const SYNCED = { timeout: 20_000 };

/** The year of the coming Christmas (this year's until 20 December, then next year's). */
function christmasYear(): number {
  const today = local(new Date(), 'Europe/Oslo').date;
  const year = Number(today.slice(0, 4));
  return today > `${year}-12-20` ? year + 1 : year;
}

/** A coordinator's phone, in English, its clock at `at` if given. */
async function coordinatorPhone(browser: Browser, username: string, password: string, at?: Date) {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Oslo', viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  if (at) await page.clock.install({ time: at });
  await logIn(page, username, password);
  await expect(page).toHaveURL(/\/team$/);
  return { context, page };
}

test('a week away at Christmas shows uncovered on the calendar until a colleague covers it', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const year = christmasYear();
  const a = createAccount('worker', 'cal-a');
  const b = createAccount('worker', 'cal-b', a.teamId);
  const c = createAccount('coordinator', 'cal-c', a.teamId);
  await syncAs(request, a.username, [['profile', 'PROFILE', { display_name: 'Ingrid', phone: '+47 400 11 111' }]]);
  await syncAs(request, b.username, [['profile', 'PROFILE', { display_name: 'Jonas Berg', phone: '22 33 44 55' }]]);

  // A plans the week at Christmas in Hours and asks the team.
  const phoneA = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const appA = await phoneA.newPage();
  await logIn(appA, a.username, a.password);
  await appA.goto('/availability');
  const absences = appA.getByTestId('absences');
  await absences.getByTestId('absence-kind').selectOption({ index: 1 });
  await absences.getByTestId('absence-from').fill(`${year}-12-21T00:00`);
  await absences.getByTestId('absence-to').fill(`${year}-12-28T00:00`);
  await absences.getByTestId('add-absence').click();
  const row = absences.getByTestId('absence');
  await expect(row).toHaveCount(1);
  await row.getByTestId('ask-cover').click();
  await absences.getByTestId('cover-note').fill('Hvem kan ta romjulen?');
  await absences.getByTestId('send-cover').click();
  await expect(row.getByTestId('cover-asked')).toContainText('Ingen har tatt det ennå.');
  await expect(badge(appA)).toHaveAttribute('data-state', 'synced', SYNCED);

  // The coordinator, on 14 December: the header counts it and leads to the calendar.
  const { context: phoneC, page: team } = await coordinatorPhone(browser, c.username, c.password, new Date(`${year}-12-14T10:00:00+01:00`));
  const count = team.getByTestId('uncovered-count');
  await expect(count).toHaveText('1 absence needs cover', SYNCED);
  await expect(count.locator('svg')).toHaveCount(1);
  await axeClean(team);
  await count.getByRole('link').click();
  await expect(team).toHaveURL(/\/team\/cover$/);
  const [first, last] = [isoWeek(`${year}-12-14`), isoWeek(`${year + 1}-02-01`)];
  const week = (iso: string) => `${Number(iso.slice(6))}, ${iso.slice(0, 4)}`;
  await expect(team.getByTestId('calendar-weeks')).toHaveText(`Week ${week(first)} – week ${week(last)}`);

  // First, uncovered: in words and with an icon; Christmas Day and Boxing Day marked.
  const uncovered = team.getByTestId('calendar-uncovered-list').getByTestId('calendar-entry');
  await expect(uncovered).toHaveCount(1);
  await expect(uncovered).toContainText('Ingrid 21–27 December');
  await expect(uncovered).toContainText('Hvem kan ta romjulen?');
  const mark = uncovered.getByTestId('calendar-uncovered');
  await expect(mark).toHaveText('Nobody has taken it yet.');
  await expect(mark.locator('svg')).toHaveCount(1);
  await expect(uncovered.getByTestId('calendar-entry-holidays')).toHaveText('Public holiday: Christmas Day, Boxing Day');
  await expect(team.getByTestId('calendar-holiday')).toContainText([
    '25 December (Christmas Day)', '26 December (Boxing Day)', '1 January (New Year\'s Day)',
  ]);
  await expect(team.getByTestId('calendar-covered-list')).toHaveCount(0);
  await axeClean(team);

  // B offers (as B, over /sync); once the server has it, the calendar names B with the phone.
  const { token: tokenA } = await apiToken(request, a.username, a.password);
  const requestId = (await pullAll(request, tokenA)).find((record) => record.kind === 'cover_request')!.id;
  await syncAs(request, b.username, [['cover_offer', randomUUID(), { request_id: requestId, accepted: true }]]);
  await team.getByTestId('calendar-refresh').click();
  const covered = team.getByTestId('calendar-covered-list').getByTestId('calendar-entry');
  await expect(covered).toContainText('Jonas Berg is covering.', SYNCED);
  await expect(covered.getByRole('link', { name: '22 33 44 55' })).toHaveAttribute('href', 'tel:22334455');
  await expect(team.getByTestId('calendar-uncovered-list')).toContainText('Everyone is covered.');
  await expect(team.getByTestId('calendar-uncovered')).toHaveCount(0);
  await axeClean(team);

  // Offline, the calendar last fetched, with its time.
  await phoneC.setOffline(true);
  await team.getByTestId('calendar-refresh').click();
  await expect(team.getByTestId('saved-figures')).toContainText('Saved figures, fetched');
  await expect(covered).toContainText('Jonas Berg is covering.');
  await phoneC.setOffline(false);

  // The header's count went down.
  await team.getByTestId('nav-team').click();
  await expect(team.getByTestId('uncovered-count')).toHaveText('Every absence ahead is covered', SYNCED);

  for (const context of [phoneA, phoneC]) await context.close();
});

test('the demo team\'s calendar shows a covered day off and an uncovered Christmas', async ({ browser }) => {
  const { context, page } = await coordinatorPhone(browser, 'demo-coordinator', DEMO_PASSWORD);
  await page.goto('/team/cover');
  const dayOff = page.getByTestId('calendar-covered-list').getByTestId('calendar-entry').filter({ hasText: 'Day off' });
  await expect(dayOff).toContainText('Ingrid Haugen', SYNCED);
  await expect(dayOff).toContainText('Jonas Berg is covering.');
  await axeClean(page);

  // The demo's Christmas: the coming 23 December (server/src/demo.rs).
  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4)) + (today < `${today.slice(0, 4)}-12-23` ? 0 : 1);
  await page.goto(`/team/cover?week=${isoWeek(`${year}-12-23`)}`);
  const christmas = page.getByTestId('calendar-uncovered-list').getByTestId('calendar-entry');
  await expect(christmas).toContainText('Ingrid Haugen 23–27 December', SYNCED);
  await expect(christmas.getByTestId('calendar-uncovered')).toHaveText('Nobody has taken it yet.');
  await expect(christmas.getByTestId('calendar-entry-holidays')).toHaveText('Public holiday: Christmas Day, Boxing Day');
  await axeClean(page);
  await context.close();
});
