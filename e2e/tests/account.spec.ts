// The account and data lifecycle in the PRW app (issue 13, app side), against the real server and
// SQLite file: erasing a service user (asked once, hidden at once even offline, erased on the
// server when back online, gone from the worker's other phone and from the coordinator's
// figures), a deactivated account's phone clearing itself and saying why, a password change
// logging out the other phones, and "log out everywhere else".
//
// Every test makes its own team with the server's command line, so the demo team stays as seeded.
import { test, expect, Page, BrowserContext, Browser, APIRequestContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createAccount, logIn, apiToken, pullAll, badge, Account } from '../support/accounts';
import { serverCommand } from '../support/worker';

const SYNCED = { timeout: 15_000 };

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} (${v.nodes.length})`)).toEqual([]);
}

/** A phone of its own (a browser context) with `account` logged in and synced. */
async function phone(browser: Browser, account: Account): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, account.username, account.password);
  await expect(badge(page)).toHaveAttribute('data-state', 'synced', SYNCED);
  return { context, page };
}

async function syncNow(page: Page): Promise<void> {
  // The badge opens and closes the panel: open it unless it is.
  if ((await badge(page).getAttribute('aria-expanded')) !== 'true') await badge(page).click();
  await page.getByTestId('sync-now').click();
}

/** Every value this page keeps in localStorage, as one text. */
async function storedText(page: Page): Promise<string> {
  return page.evaluate(() => Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key)}`).join('\n'));
}

/** This ISO week's contacts of the team's one worker, and the service users named, as the coordinator's summary says. */
async function summaryOf(request: APIRequestContext, coordinator: Account): Promise<{ contacts: number; names: string[] }> {
  const { token } = await apiToken(request, coordinator.username, coordinator.password);
  const response = await request.get('/api/v1/team/summary', { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  const [worker] = (await response.json()).workers;
  return { contacts: worker.contacts, names: worker.service_users.map((s: { name: string }) => s.name) };
}

test('erasing a service user asks once, hides them at once offline, and takes them from the server, the other phone and the figures', async ({ browser, request }) => {
  const coordinator = createAccount('coordinator', 'erase-coord');
  const worker = createAccount('worker', 'erase', coordinator.teamId);
  const first = await phone(browser, worker);
  const page = first.page;

  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('add-contact').click();
  await page.getByTestId('contact-name').fill('Ola Erasable');
  await page.getByTestId('save-contact').click();
  await expect(page.getByRole('heading', { name: 'Ola Erasable' })).toBeVisible();
  await page.getByTestId('log-incoming-call').click();
  await page.getByTestId('log-incoming-call').click();
  await expect(page.getByTestId('week-count')).toHaveText('2 contacts this week');
  await expect(badge(page)).toHaveAttribute('data-state', 'synced', SYNCED);
  expect(await summaryOf(request, coordinator)).toEqual({ contacts: 2, names: ['Ola Erasable'] });

  // The worker's second phone has Ola too.
  const second = await phone(browser, worker);
  await second.page.getByTestId('nav-contacts').click();
  await expect(second.page.getByTestId('contact-list')).toContainText('Ola Erasable');

  // Offline, the first phone erases Ola: one question that names what goes and how it differs
  // from ending the relationship.
  await first.context.setOffline(true);
  await expect(page.getByTestId('end-contact')).toBeVisible();
  await page.getByTestId('erase-contact').click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]+\/erase$/);
  await expect(page.getByRole('heading', { name: 'Erase Ola Erasable for good?' })).toBeVisible();
  await expect(page.getByTestId('erase-list')).toHaveText(/Ola Erasable and their contact details\s*2 logged contacts/);
  await expect(page.getByText('End the relationship instead: that keeps the history.')).toBeVisible();
  await expectAccessible(page, 'erase question');
  await page.getByTestId('erase-confirm').click();
  await expect(page.getByTestId('erased')).toHaveText('Ola Erasable is erased from this phone.');
  await expectAccessible(page, 'erased');
  await page.getByTestId('erased-to-contacts').click();
  await expect(page.getByTestId('contact-list')).toHaveCount(0);
  await expect(page.getByText('Ola Erasable')).toHaveCount(0);
  // The erasure waits with the outbox; nothing has reached the server yet.
  expect(await storedText(page)).toContain('peerline.erase.waiting=');
  expect(await summaryOf(request, coordinator)).toEqual({ contacts: 2, names: ['Ola Erasable'] });

  // Back online: erased on the server, and nothing of Ola left in this phone's storage.
  await first.context.setOffline(false);
  await expect(badge(page)).toHaveAttribute('data-state', 'synced', SYNCED);
  await expect.poll(() => storedText(page), SYNCED).not.toContain('Ola Erasable');
  expect(await storedText(page)).not.toContain('peerline.erase.waiting');
  const { token } = await apiToken(request, worker.username, worker.password);
  const records = await pullAll(request, token);
  const erased = records.filter((r) => r.kind === 'contact' || r.kind === 'log');
  expect(erased.length).toBe(3);
  for (const record of erased) expect(record).toMatchObject({ fields: {}, deleted: true });
  // The coordinator's figures no longer count Ola's calls.
  expect(await summaryOf(request, coordinator)).toEqual({ contacts: 0, names: [] });

  // The second phone loses Ola with its next sync.
  await syncNow(second.page);
  await expect(second.page.getByText('Ola Erasable')).toHaveCount(0, SYNCED);
  await expect.poll(() => storedText(second.page), SYNCED).not.toContain('Ola Erasable');
  await first.context.close();
  await second.context.close();
});

test('a deactivated account\'s phone clears itself at its next sync and says why', async ({ browser }) => {
  const worker = createAccount('worker', 'leaving');
  const { context, page } = await phone(browser, worker);
  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('add-contact').click();
  await page.getByTestId('contact-name').fill('Kari Handover');
  await page.getByTestId('save-contact').click();
  await expect(badge(page)).toHaveAttribute('data-state', 'synced', SYNCED);

  serverCommand(['deactivate-user', '--username', worker.username]);
  // A change made now never reaches the server: the account is gone, and so is its data here.
  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('add-contact').click();
  await page.getByTestId('contact-name').fill('Per Unsent');
  await page.getByTestId('save-contact').click();

  await expect(page.getByTestId('deactivated-notice')).toBeVisible(SYNCED);
  await expect(page.getByTestId('deactivated-notice')).toContainText('Your account was deactivated by your coordinator');
  await expect(badge(page)).toHaveAttribute('data-state', 'signed-out');
  const stored = await storedText(page);
  for (const gone of ['Kari Handover', 'Per Unsent', 'peerline.session', worker.username]) {
    expect(stored).not.toContain(gone);
  }
  await expectAccessible(page, 'deactivated notice');
  await page.getByTestId('nav-contacts').click();
  await expect(page.getByText('Kari Handover')).toHaveCount(0);

  // It stays said until read, across a reload; then it is gone.
  await page.reload();
  await expect(page.getByTestId('deactivated-notice')).toBeVisible();
  await page.getByTestId('dismiss-deactivated').click();
  await expect(page.getByTestId('deactivated-notice')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('contact-list')).toHaveCount(0);
  await expect(page.getByTestId('deactivated-notice')).toHaveCount(0);
  await context.close();
});

test('changing the password says what is wrong, then logs out the other phones; log out one or everywhere else', async ({ browser, request }) => {
  const worker = createAccount('worker', 'password');
  const first = await phone(browser, worker);
  const second = await phone(browser, worker);
  const page = first.page;

  await page.getByTestId('nav-more').click();
  await expect(page.getByTestId('session')).toHaveCount(2);
  await expect(page.getByTestId('this-device')).toHaveCount(1);
  await expect(page.getByTestId('session').first()).toContainText('Chrome on Android');
  await expectAccessible(page, 'password and sessions');

  const tryPassword = async (current: string, next: string, again: string) => {
    await page.getByTestId('password-current').fill(current);
    await page.getByTestId('password-new').fill(next);
    await page.getByTestId('password-again').fill(again);
    await page.getByTestId('password-submit').click();
  };
  const error = page.getByTestId('password-form').getByTestId('form-error');
  await tryPassword(worker.password, 'too short', 'too short');
  await expect(error).toHaveText('The new password needs at least 12 characters.');
  await tryPassword(worker.password, worker.username, worker.username);
  await expect(error).toHaveText("The new password can't be your username.");
  await tryPassword(worker.password, 'a sentence to remember', 'a sentence to rememba');
  await expect(error).toHaveText("The two new passwords aren't the same.");
  await tryPassword('not my password', 'a sentence to remember', 'a sentence to remember');
  await expect(error).toHaveText("Your password now isn't right. Try again.");
  await tryPassword(worker.password, 'a sentence to remember', 'a sentence to remember');
  await expect(page.getByTestId('password-changed')).toBeVisible();
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId('password-current')).toHaveValue('');
  await expect(page.getByTestId('session')).toHaveCount(1);
  await expect(page.getByTestId('only-here')).toBeVisible();

  // The other phone is logged out on the server: it asks for a login and keeps what it has.
  await syncNow(second.page);
  await expect(second.page).toHaveURL(/\/login$/, SYNCED);
  await expect(second.page.getByTestId('session-ended')).toBeVisible();
  await second.page.getByTestId('login-password').fill('a sentence to remember');
  await second.page.getByTestId('login-submit').click();
  await expect(badge(second.page)).toHaveAttribute('data-state', 'synced', SYNCED);

  // A third session (a program elsewhere, whose browser the list cannot name), logged out from
  // this phone's list.
  const login = await request.post('/api/v1/auth/login', {
    data: { username: worker.username, password: 'a sentence to remember' },
    headers: { 'user-agent': 'curl/8.5.0' },
  });
  expect(login.status()).toBe(200);
  const elsewhere = await login.json();
  await page.getByTestId('nav-today').click();
  await page.getByTestId('nav-more').click();
  await expect(page.getByTestId('session')).toHaveCount(3);
  const third = page.getByTestId('session').filter({ hasText: 'Unknown browser' });
  await third.getByTestId('log-out-session').click();
  await expect(page.getByTestId('session')).toHaveCount(2);
  const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${elsewhere.token}` } });
  expect(me.status()).toBe(401);

  // Everywhere else: the second phone again.
  await page.getByTestId('log-out-others').click();
  await expect(page.getByTestId('logged-out-elsewhere')).toBeVisible();
  await expect(page.getByTestId('session')).toHaveCount(1);
  await syncNow(second.page);
  await expect(second.page).toHaveURL(/\/login$/, SYNCED);
  await expect(badge(second.page)).toHaveAttribute('data-state', 'log-in-again');
  // This phone still syncs.
  await syncNow(page);
  await expect(badge(page)).toHaveAttribute('data-state', 'synced', SYNCED);
  await first.context.close();
  await second.context.close();
});
