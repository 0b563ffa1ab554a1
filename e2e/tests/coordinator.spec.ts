// The coordinator's screens (issue 7) against the real server and the demo team: the figures on
// each worker's card match what the workers' own records imply (computed here by domain.md's rules,
// from the records each worker pulls with their own /sync, not taken from the summary API); a
// worker who asks for guidance in a shared check-in is flagged after their sync; the week's CSV
// downloads and parses; the figures stay readable offline, marked with their time; a coordinator
// of another team sees nothing of this one; a worker's page lists what they shared for the talk.
// Axe finds no serious or critical problems on the login screen and the coordinator's screens.
import { test, expect, Page, APIRequestContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, apiToken, badge, createAccount, logIn, pullAll } from '../support/accounts';
import { WorkerFigures, isoWeek, local, parseCsv, pressure, weekFigures } from '../support/figures';

const DEMO_WORKERS = [['demo-worker-1', 'Ingrid Haugen'], ['demo-worker-2', 'Jonas Berg']];
const FIGURES = [
  'active_service_users', 'contacts', 'after_hours_contacts', 'outside_agreement_contacts',
  'limit_exceeded_days', 'weekly_limit_exceeded', 'unanswered_incoming', 'relationships_ending_soon',
] as const;
const SYNCED = { timeout: 15_000 };

type Expected = { userId: string; name: string; figures: WorkerFigures };

function thisWeek(): string {
  return isoWeek(local(new Date(), 'Europe/Oslo').date);
}

/** Each demo worker's figures for this week, from their own records. */
async function expectedFigures(request: APIRequestContext): Promise<Expected[]> {
  const week = thisWeek();
  const expected: Expected[] = [];
  for (const [username, name] of DEMO_WORKERS) {
    const { token, userId } = await apiToken(request, username, DEMO_PASSWORD);
    expected.push({ userId, name, figures: weekFigures(await pullAll(request, token), week, new Date()) });
  }
  return expected;
}

async function noSeriousProblems(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

test('the coordinator sees each worker\'s week as their own records add it up', async ({ page, request }) => {
  await page.goto('/login');
  await noSeriousProblems(page);
  await logIn(page, 'demo-coordinator', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/team$/);
  const expected = await expectedFigures(request);

  const cards = page.getByTestId('worker-card');
  await expect(cards).toHaveCount(2);
  await expect(page.getByTestId('week-label')).toHaveText(`Week ${Number(thisWeek().slice(6))}, ${thisWeek().slice(0, 4)}`);
  for (const { userId, figures } of expected) {
    const card = page.locator(`[data-testid="worker-card"][data-worker="${userId}"]`);
    for (const figure of FIGURES) {
      await expect(card.locator(`[data-figure="${figure}"]`), figure).toHaveText(String(figures[figure]));
    }
    if (figures.checkin) {
      const c = figures.checkin;
      await expect(card.getByTestId('checkin-line')).toHaveText(`Check-in: energy ${c.energy}, strain ${c.strain}, burnout ${c.burnout}`);
    } else {
      await expect(card.getByTestId('checkin-line')).toHaveText('Check-in not shared');
    }
    await expect(card.getByTestId('needs-guidance')).toHaveCount(figures.checkin?.needs_guidance ? 1 : 0);
    // Both synced just now (the demo's seeding): not stale.
    await expect(card.getByTestId('stale')).toHaveCount(0);
  }
  // Most pressure first, then by name.
  const order = await cards.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-worker')));
  const byPressure = [...expected].sort(
    (a, b) => pressure(b.figures) - pressure(a.figures) || a.name.localeCompare(b.name),
  );
  expect(order).toEqual(byPressure.map((e) => e.userId));
  await expect(page.locator('main')).not.toContainText(/violation|brudd/i);
  await noSeriousProblems(page);

  // A worker's week per service user, and the eight-week trend.
  const ingrid = expected[0];
  await page.locator(`[data-worker="${ingrid.userId}"] h2 a`).click();
  await expect(page).toHaveURL(new RegExp(`/team/workers/${ingrid.userId}\\?week=`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ingrid Haugen');
  const rows = page.getByTestId('service-users').locator('tbody tr');
  await expect(rows).toHaveCount(ingrid.figures.service_users.length);
  for (const su of ingrid.figures.service_users) {
    const row = rows.filter({ has: page.locator('th', { hasText: su.name }) });
    await expect(row.locator('td')).toHaveText([
      String(su.contacts), String(su.outside_agreement_contacts), String(su.after_hours_contacts),
      String(su.limit_exceeded_days), su.weekly_limit_exceeded ? 'yes' : 'no', String(su.unanswered_incoming),
    ]);
  }
  // What Ingrid shared for the talk (the demo's agenda item, issue 14): its topic, week and
  // contact, never its private note.
  const agenda = page.getByTestId('agenda-item');
  await expect(agenda).toHaveCount(1);
  await expect(agenda).toContainText('Boundaries');
  await expect(agenda).toContainText(`${thisWeek()} · Marius`);
  await expect(page.getByTestId('agenda')).not.toContainText('Privat');
  const trend = page.getByTestId('trend');
  await expect(trend.locator('svg[role="img"] path.trend-line')).toHaveCount(3, SYNCED);
  // The legend's keys are line samples beside their words, not drawn at the chart's width
  // (issue 18: they were ~200 px wide, with a marker as big as the text).
  for (const key of await trend.locator('.legend-key').all()) {
    const box = await key.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(32);
    expect(box!.height).toBeLessThanOrEqual(14);
  }
  const trendRows = page.getByTestId('trend-table').locator('tbody tr');
  await expect(trendRows).toHaveCount(8);
  await expect(trendRows.last().locator('td')).toHaveText([
    String(ingrid.figures.contacts), String(ingrid.figures.after_hours_contacts),
    String(ingrid.figures.outside_agreement_contacts),
  ]);
  await noSeriousProblems(page);

  // Last week, through the week picker: its figures, and no way past this week.
  await expect(page.getByTestId('next-week')).toHaveCount(0);
  await page.getByTestId('previous-week').click();
  await expect(page.getByTestId('next-week')).toHaveCount(1);

  // The access log lists this coordinator's reads, marked as theirs.
  await page.getByTestId('nav-access-log').click();
  await expect(page.getByTestId('access-entry').first()).toContainText('Kari Nilsen (you)');
  await expect(page.getByTestId('access-log')).toContainText(`Weekly summary · ${thisWeek()}`);
  await noSeriousProblems(page);
});

test('a check-in shared with a wish for guidance reaches the coordinator after the worker syncs', async ({ browser }) => {
  const coordinatorPhone = await browser.newContext();
  const coordinator = await coordinatorPhone.newPage();
  await logIn(coordinator, 'demo-coordinator', DEMO_PASSWORD);
  const jonasCard = coordinator.getByTestId('worker-card').filter({ hasText: 'Jonas Berg' });
  await expect(jonasCard).toHaveCount(1);

  const workerPhone = await browser.newContext();
  const jonas = await workerPhone.newPage();
  await logIn(jonas, 'demo-worker-2', DEMO_PASSWORD);
  await expect(badge(jonas)).toHaveAttribute('data-state', 'synced', SYNCED);
  await jonas.getByTestId('nav-more').click();
  await jonas.getByTestId('checkin-link').click();
  await jonas.getByTestId('needs-guidance').check();
  await jonas.getByTestId('share-with-coordinator').check();
  await jonas.getByTestId('save-checkin').click();
  await expect(badge(jonas)).toHaveAttribute('data-state', 'waiting');
  await expect(badge(jonas)).toHaveAttribute('data-state', 'synced', SYNCED);

  await coordinator.reload();
  await expect(jonasCard.getByTestId('needs-guidance')).toHaveText('Would like guidance');
  await expect(jonasCard.getByTestId('checkin-line')).toContainText('Check-in: energy');
  await coordinatorPhone.close();
  await workerPhone.close();
});

test('the week\'s CSV downloads and parses; the figures stay readable offline', async ({ page, context, request }) => {
  await logIn(page, 'demo-coordinator', DEMO_PASSWORD);
  const expected = await expectedFigures(request);
  await page.getByTestId('nav-export').click();
  await noSeriousProblems(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  expect(download.suggestedFilename()).toBe(`peerline-summary-${thisWeek()}.csv`);
  await expect(page.getByTestId('csv-outcome')).toHaveText('The CSV file is downloaded.');
  const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
  const [header, ...data] = rows;
  expect(header.slice(0, 6)).toEqual(['week', 'worker_id', 'worker', 'row', 'contact_id', 'service_user']);
  const column = (name: string) => header.indexOf(name);
  for (const { userId, figures } of expected) {
    const total = data.find((row) => row[column('worker_id')] === userId && row[column('row')] === 'total');
    expect(total, userId).toBeTruthy();
    for (const figure of ['contacts', 'after_hours_contacts', 'outside_agreement_contacts', 'unanswered_incoming'] as const) {
      expect(total![column(figure)], figure).toBe(String(figures[figure]));
    }
    const serviceUserRows = data.filter((row) => row[column('worker_id')] === userId && row[column('row')] === 'service_user');
    expect(serviceUserRows.map((row) => row[column('service_user')]).sort())
      .toEqual(figures.service_users.map((su) => su.name).sort());
  }

  // Offline: the team screen shows the kept figures, saying when they were fetched.
  await page.getByTestId('nav-team').click();
  await expect(page.getByTestId('worker-card')).toHaveCount(2);
  await context.setOffline(true);
  await page.getByTestId('nav-export').click();
  await page.getByTestId('nav-team').click();
  await expect(page.getByTestId('saved-figures')).toContainText('Saved figures, fetched');
  await expect(page.getByTestId('worker-card')).toHaveCount(2);
  await expect(badge(page)).toHaveAttribute('data-state', 'offline');
  // The coordinator's screens are a build of their own (under /team/), which the service worker
  // keeps as it is used: a reload offline still opens them.
  await page.reload();
  await expect(page.getByTestId('saved-figures')).toContainText('Saved figures, fetched');
  await expect(page.getByTestId('worker-card')).toHaveCount(2);
  await context.setOffline(false);
});

test('a coordinator of another team sees nothing of this one', async ({ page, request }) => {
  const other = createAccount('coordinator', 'other-coordinator');
  await logIn(page, other.username, other.password);
  await expect(page).toHaveURL(/\/team$/);
  await expect(page.locator('main')).toContainText('No peer workers on the team yet.');
  await expect(page.getByTestId('worker-card')).toHaveCount(0);
  for (const name of ['Ingrid Haugen', 'Jonas Berg', 'Marius', 'Kari Nilsen']) {
    await expect(page.locator('body')).not.toContainText(name);
  }
  await page.getByTestId('nav-access-log').click();
  await expect(page.getByTestId('access-entry').first()).toContainText('(you)');
  await expect(page.locator('body')).not.toContainText('Kari Nilsen');

  // The same through the API, and the PRW screens are not theirs.
  const { token } = await apiToken(request, other.username, other.password);
  const summary = await request.get('/api/v1/team/summary', { headers: { authorization: `Bearer ${token}` } });
  expect((await summary.json()).workers).toEqual([]);
  await page.goto('/contacts');
  await expect(page).toHaveURL(/\/team$/);
});
