// Team cover (issue 19) end to end, with the PRW app on both workers' phones: worker A plans a
// week away and asks the team for cover from Hours; worker B (a second context) sees the request
// from Today's link to Cover and offers; after both sync, A's Cover screen names B, and A's
// service user's page (a third context, no login) shows the absence ahead with B's name and phone,
// offline too; with the clock moved into the absence the page says away and B is the first to
// call. The coordinator's cover calendar is team-app's (src/team/) and not in this spec.
//
// The absence starts 8 days ahead, not at Christmas: the server's share answer lists the absences
// of the next 14 days by the server's real clock, which a spec cannot move; the holidays a request
// spans are tested in core (team_cover_entry) and on the Cover screen's render.
import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { axeClean, createAccount, logIn, badge, syncAs } from '../support/accounts';
import { newShareToken } from '../support/worker';

const SYNCED = { timeout: 20_000 };

/** The Oslo date `days` from now, `YYYY-MM-DD`. */
function osloDate(days = 0): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(date);
}

test('a colleague covers a week away, and the service user sees who answers, offline too', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const a = createAccount('worker', 'cover-a');
  const b = createAccount('worker', 'cover-b', a.teamId);
  const token = newShareToken();
  const around = { windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }] };
  await syncAs(request, a.username, [
    ['profile', 'PROFILE', { display_name: 'Ingrid', phone: '+47 400 11 111', observe_public_holidays: false }],
    ['availability', 'AVAILABILITY', around],
    ['contact', randomUUID(), { name: 'Sara', role: 'service_user', share_token: token }],
  ]);
  await syncAs(request, b.username, [
    ['profile', 'PROFILE', { display_name: 'Jonas Berg', phone: '22 33 44 55' }],
    ['availability', 'AVAILABILITY', around],
  ]);
  const from = osloDate(8);
  const to = osloDate(15);

  // A plans the week away in Hours and asks the team, with a note.
  const phoneA = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const appA = await phoneA.newPage();
  await logIn(appA, a.username, a.password);
  await expect(badge(appA)).toHaveAttribute('data-state', 'synced', SYNCED);
  await appA.goto('/availability');
  const absences = appA.getByTestId('absences');
  await absences.getByTestId('absence-kind').selectOption({ index: 1 });
  await absences.getByTestId('absence-from').fill(`${from}T00:00`);
  await absences.getByTestId('absence-to').fill(`${to}T00:00`);
  await absences.getByTestId('add-absence').click();
  const row = absences.getByTestId('absence');
  await expect(row).toHaveCount(1);
  await row.getByTestId('ask-cover').click();
  const form = absences.getByTestId('cover-form');
  await expect(form).toContainText('Ikke skriv navn på dem du følger opp.');
  await axeClean(appA);
  await form.getByTestId('cover-note').fill('Uka før jul');
  await form.getByTestId('send-cover').click();
  await expect(row.getByTestId('cover-asked')).toContainText('Ingen har tatt det ennå.');
  await expect(badge(appA)).toHaveAttribute('data-state', 'synced', SYNCED);

  // B, in English: Today points to Cover; B takes it.
  const phoneB = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Oslo' });
  const appB = await phoneB.newPage();
  await logIn(appB, b.username, b.password);
  await expect(badge(appB)).toHaveAttribute('data-state', 'synced', SYNCED);
  const link = appB.getByTestId('cover-link');
  await expect(link).toContainText('1 colleague needs cover', SYNCED);
  await link.click();
  await expect(appB).toHaveURL(/\/cover$/);
  const request_ = appB.getByTestId('cover-request');
  await expect(request_).toContainText('Ingrid');
  await expect(request_).toContainText('“Uka før jul”');
  await expect(request_).toContainText('Nobody has taken it yet.');
  await axeClean(appB);
  await request_.getByTestId('cover-offer').click();
  await expect(request_.getByTestId('cover-standing')).toHaveText(/You said yes|You're covering/);
  await expect(request_.getByTestId('cover-standing')).toHaveText("You're covering.", SYNCED);

  // A, after a sync, sees who covers: on Cover and under the absence in Hours.
  await appA.goto('/cover');
  await expect(appA.getByTestId('cover-my-request')).toContainText('Jonas Berg er vikar.', SYNCED);
  await expect(appA.getByTestId('cover-my-request').getByRole('link', { name: '22 33 44 55' }))
    .toHaveAttribute('href', 'tel:22334455');
  await axeClean(appA);
  // Offline, Cover shows the kept list with its time.
  await phoneA.setOffline(true);
  await appA.getByTestId('cover-refresh').click();
  await expect(appA.getByTestId('cover-offline')).toContainText('Uten nett – lista ble hentet');
  await expect(appA.getByTestId('cover-my-request')).toContainText('Jonas Berg er vikar.');
  await phoneA.setOffline(false);
  await appA.goto('/availability');
  await expect(appA.getByTestId('absence').getByTestId('cover-asked')).toContainText('Jonas Berg er vikar.');

  // The service user's phone: the absence ahead, with Jonas answering for Ingrid.
  const userPhone = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const page = await userPhone.newPage();
  await page.clock.install();
  await page.goto(`/s/${token}`);
  const ahead = page.getByTestId('share-away-ahead');
  await expect(ahead).toContainText('Når Ingrid er borte');
  await expect(ahead).toContainText('Jonas Berg svarer for Ingrid, 22 33 44 55');
  await expect(ahead.getByRole('link', { name: '22 33 44 55' })).toHaveAttribute('href', 'tel:22334455');
  await expect(page.getByTestId('share-zone')).toHaveCount(0);
  await axeClean(page);
  await page.evaluate(async () => navigator.serviceWorker.ready);

  // Offline, with the clock moved into the absence: away, and Jonas first to call.
  await userPhone.setOffline(true);
  await page.reload();
  await expect(ahead).toContainText('Jonas Berg svarer for Ingrid');
  await page.clock.setSystemTime(new Date(`${osloDate(9)}T12:00:00+01:00`));
  await page.clock.runFor(31_000);
  await expect(page.locator('.sc-state')).toHaveText('Borte');
  const first = page.locator('.sc-fallbacks li').first();
  await expect(first).toContainText('Jonas Berg');
  await expect(first.getByRole('link')).toHaveAttribute('href', 'tel:22334455');
  await expect(page.getByTestId('share-away-ahead')).toHaveCount(0);
  await userPhone.setOffline(false);

  // A phone abroad is told whose time the page's times are.
  const abroad = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
  const far = await abroad.newPage();
  await far.goto(`/s/${token}`);
  await expect(far.getByTestId('share-zone')).toContainText("Times here are Ingrid's time (Europe/Oslo).");
  await axeClean(far);

  for (const context of [phoneA, phoneB, userPhone, abroad]) await context.close();
});
