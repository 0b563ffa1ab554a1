// Issue 6 end to end with the PRW app itself on the worker's side: the worker logs in, turns a
// service user's link on in the app and lets the app sync; the service user (a second browser
// context, no login) sees "reachable now"; the worker taps "Day off today" and the page says "away"
// after a refresh; "New link" in the app kills the old link once synced. (share.spec.ts covers the
// service user's page in depth, offline and with the clock moved, with the worker side over the API.)
import { test, expect } from '@playwright/test';
import { logIn, badge } from '../support/accounts';
import { Worker, uuidv5 } from '../support/worker';

const SYNCED = { timeout: 15_000 };

test('a link shared from the app follows the worker through a day off and a new link', async ({ browser, request }) => {
  // Hours around the clock, written over the API before the first login (the hours editor has its
  // own spec); the app pulls them when it logs in.
  const worker = new Worker(request);
  await worker.create('sharer');
  await worker.sync([
    ['profile', uuidv5(worker.userId, 'profile'), {
      display_name: 'Per', phone: '+47 400 12 345', observe_public_holidays: false }],
    ['availability', uuidv5(worker.userId, 'availability'), {
      windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }] }],
  ]);

  const phone = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const app = await phone.newPage();
  await logIn(app, worker.username, worker.password);
  await expect(badge(app)).toHaveAttribute('data-state', 'synced', SYNCED);
  await expect(app.getByTestId('my-state')).toContainText('Kan nås', SYNCED);

  // A service user, and their link: not live until the app has synced it.
  await app.goto('/contacts/new');
  await app.getByTestId('contact-name').fill('Sara');
  await app.getByTestId('contact-phone').fill('+47 912 34 567');
  await app.getByTestId('save-contact').click();
  const contactUrl = app.url();
  const section = app.getByTestId('share-link');
  await section.getByTestId('share-on').click();
  const status = section.getByTestId('share-status');
  await expect(status).toHaveText('Lenken virker etter neste synkronisering.');
  await expect(status).toHaveText('Lenken virker.', SYNCED);
  const firstLink = (await section.getByTestId('share-url').textContent())!;

  // The service user's phone: reachable now, with a button that calls the worker.
  const userPhone = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const page = await userPhone.newPage();
  await page.goto(firstLink);
  const state = page.locator('.sc-state');
  await expect(state).toHaveText('Kan nås nå');
  await expect(page.getByRole('link', { name: 'Ring Per' })).toHaveAttribute('href', 'tel:+4740012345');

  // The worker takes the day off in the app; once synced, the page says "away".
  await app.getByTestId('nav-today').click();
  await app.getByTestId('day-off-toggle').click();
  await expect(app.getByTestId('my-state')).toContainText('Fridag');
  await expect(badge(app)).toHaveAttribute('data-state', 'synced', SYNCED);
  await expect
    .poll(async () => {
      await page.reload();
      return state.textContent();
    }, SYNCED)
    .toBe('Borte');
  await expect(page.getByRole('link', { name: 'Ring Per' })).toHaveCount(0);

  // A new link in the app: once synced, the old one is dead and the new one shows the same state.
  await app.goto(contactUrl);
  await section.getByTestId('share-new').click();
  await expect(section.getByTestId('share-url')).not.toHaveText(firstLink);
  const secondLink = (await section.getByTestId('share-url').textContent())!;
  await expect(status).toHaveText('Lenken virker etter neste synkronisering.');
  await expect(status).toHaveText('Lenken virker.', SYNCED);
  await page.goto(firstLink);
  await expect(state).toHaveText('Denne lenken virker ikke lenger');
  await page.goto(secondLink);
  await expect(state).toHaveText('Borte');
  await userPhone.close();
  await phone.close();
});
