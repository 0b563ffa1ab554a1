// A scripted day of a peer recovery worker (issue 4), in the PRW app alone, with no account and no
// network needed: set up hours with an evening window, add two service users with agreements, log
// calls until a daily limit is reached and see the warning, take a day off and see Today change, go
// offline, edit, reload and find everything still there; switch language; corrupt a stored key and
// reload. Every screen is scanned with axe on the way. The clock is fixed to a Wednesday evening in
// Oslo so "reachable now" does not depend on when the suite runs.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

test.use({ locale: 'en-GB', timezoneId: 'Europe/Oslo' });

const WEDNESDAY_EVENING = new Date('2026-11-25T17:00:00Z'); // 18:00 in Oslo

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} (${v.nodes.length})`)).toEqual([]);
}

async function addServiceUser(page: Page, name: string, phone: string, perDay: number): Promise<string> {
  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('add-contact').click();
  await page.getByTestId('contact-name').fill(name);
  await page.getByTestId('contact-phone').fill(phone);
  for (let i = 0; i < perDay; i += 1) {
    await page.getByTestId('max-per-day').getByRole('button', { name: /\+$/ }).click();
  }
  await expect(page.getByTestId('max-per-day-value')).toHaveText(String(perDay));
  await expectAccessible(page, 'new contact');
  await page.getByTestId('save-contact').click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  return page.url();
}

test('a day of a peer recovery worker, offline-first', async ({ page, context }) => {
  await page.clock.install({ time: WEDNESDAY_EVENING });
  await page.clock.resume();
  await page.goto('/');
  await expect(page.getByTestId('my-state')).toBeVisible();
  await expectAccessible(page, 'today (empty)');

  // Hours: an evening window on Wednesday (17:00-21:00 is offered first), copied to Mon-Fri.
  await page.getByTestId('nav-availability').click();
  const wednesday = page.getByTestId('day-3');
  await wednesday.getByTestId('add-window').click();
  await expect(wednesday.getByTestId('window-start')).toHaveValue('17:00');
  await expect(wednesday.getByTestId('window-end')).toHaveValue('21:00');
  await wednesday.getByTestId('save-window').click();
  await wednesday.getByTestId('copy-day').click();
  for (const day of [1, 2, 4, 5]) {
    await wednesday.getByTestId(`copy-to-${day}`).click();
  }
  await wednesday.getByTestId('copy-now').click();
  for (const day of [1, 2, 3, 4, 5]) {
    await expect(page.getByTestId(`day-${day}`)).toContainText('17:00');
  }
  await expect(page.getByTestId('day-6')).not.toContainText('17:00');
  await expectAccessible(page, 'availability');

  await page.getByTestId('nav-today').click();
  await expect(page.getByTestId('my-state')).toContainText('Reachable now');

  // Two service users with agreements.
  const ola = await addServiceUser(page, 'Ola', '+47 912 34 567', 3);
  await expectAccessible(page, 'contact');
  await addServiceUser(page, 'Kari', '+47 913 45 678', 2);
  await page.getByTestId('nav-contacts').click();
  await expect(page.getByText('Ola')).toBeVisible();
  await expect(page.getByText('Kari')).toBeVisible();
  await expectAccessible(page, 'contacts');

  // Ola calls and calls: three one-tap logs reach the daily limit he agreed to, and Today says so
  // kindly, with words and not only colour.
  await page.getByTestId('nav-today').click();
  const olaCard = page.getByTestId('person-ola');
  await expect(olaCard.getByTestId('heads-up')).toHaveCount(0);
  for (let call = 1; call <= 3; call += 1) {
    await olaCard.getByTestId('log-incoming-call').click();
    await expect(olaCard.getByTestId('counts')).toContainText(String(call));
  }
  await expect(olaCard.getByTestId('heads-up')).toContainText('3 times today');
  await expect(olaCard.getByTestId('heads-up')).toContainText('agreed on 3');
  await expectAccessible(page, 'today (limit reached)');

  // The log and its week view show the same calls.
  await page.getByTestId('nav-log').click();
  await expect(page.getByTestId('log-entry')).toHaveCount(3);
  await expect(page.getByTestId('week-pressure')).toBeVisible();
  await expectAccessible(page, 'log');

  // A day off, in one tap, and Today changes.
  await page.getByTestId('nav-today').click();
  await page.getByTestId('day-off-toggle').click();
  await expect(page.getByTestId('my-state')).toContainText('Day off');

  // Offline: edit, reload (the service worker serves the app), and everything is still there.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await context.setOffline(true);
  await page.goto(ola);
  await page.getByTestId('edit-contact').click();
  await page.getByTestId('contact-phone').fill('+47 900 00 001');
  await page.getByTestId('save-contact').click();
  await expect(page.getByText('+47 900 00 001')).toBeVisible();
  await page.reload();
  await expect(page.getByText('+47 900 00 001')).toBeVisible();
  await page.getByTestId('nav-today').click();
  await expect(page.getByTestId('my-state')).toContainText('Day off');
  await expect(page.getByTestId('person-ola').getByTestId('heads-up')).toContainText('3 times today');
  await expect(page.getByTestId('person-kari')).toBeVisible();
  await context.setOffline(false);

  // The weekly check-in and settings screens pass the scan too.
  await page.goto('/checkin');
  await expect(page.getByTestId('save-checkin')).toBeVisible();
  await expectAccessible(page, 'check-in');
  await page.getByTestId('nav-more').click();
  await expectAccessible(page, 'settings');

  // Norwegian: every word follows.
  await page.getByTestId('language-select').selectOption('nb');
  await page.getByTestId('nav-today').click();
  await expect(page.getByTestId('my-state')).toContainText('Fridag');
  await page.reload();
  await expect(page.getByTestId('my-state')).toContainText('Fridag');
  await expectAccessible(page, 'today (nb)');

  // A corrupt stored value is set aside and reported; the app still starts with the rest.
  await page.evaluate(() => localStorage.setItem('peerline.records.checkin', '{broken'));
  await page.reload();
  await expect(page.getByTestId('quarantine-notice')).toBeVisible();
  await expect(page.getByTestId('person-ola')).toBeVisible();
  const quarantined = await page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('peerline.quarantine.')));
  expect(quarantined.length).toBeGreaterThan(0);
});
