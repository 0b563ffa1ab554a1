// Team members and invites (issue 13) against the real server: a coordinator invites a worker
// by link (with its QR code), the worker opens the link in a browser of their own, is told a
// short password is too short, chooses a good one, lands on Today and syncs; the coordinator
// sees the new member with their last sync, deactivates them (their login stops working) and
// erases their data after a confirmation that names what goes. An invite for a coordinator
// sends the new coordinator to the team screens; a withdrawn invite's link says it no longer
// works. When the coordinator's session ends, the figures kept on the phone go with it. Axe finds
// no serious or critical problems on the members screen or the invite screen.
import { test, expect, Page, Browser } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import { PASSWORD, badge, createAccount, logIn } from '../support/accounts';

async function noSeriousProblems(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

/** Makes an invite on the members screen and returns its link. */
async function invite(page: Page, name: string, role: 'worker' | 'coordinator'): Promise<string> {
  await page.getByTestId('invite-name').fill(name);
  await page.getByTestId(`invite-role-${role}`).check();
  await page.getByTestId('invite-submit').click();
  const made = page.getByTestId('invite-made');
  await expect(made).toContainText(`The invite for ${name} is ready`);
  await expect(made.locator('svg')).toBeVisible();
  const url = await page.getByTestId('invite-url').textContent();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]{22,}$/);
  // The form is empty for the next one.
  await expect(page.getByTestId('invite-name')).toHaveValue('');
  return url!;
}

/** Opens `url` in a browser of its own (the new person's phone) and chooses a username and password. */
async function accept(browser: Browser, url: string, username: string, password: string) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Peerline');
  await page.getByTestId('invite-username').fill(username);
  await page.getByTestId('invite-password').fill(password);
  await page.getByTestId('accept-invite').click();
  return { context, page };
}

function member(page: Page, name: string) {
  return page.getByTestId('member').filter({ hasText: name });
}

test('a coordinator invites a worker, who chooses a password and syncs; the coordinator deactivates them and erases their data', async ({ page, browser, request }) => {
  const coordinator = createAccount('coordinator', 'members-coord');
  await logIn(page, coordinator.username, coordinator.password);
  await page.getByTestId('nav-members').click();
  await expect(page).toHaveURL(/\/team\/members$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Team members');
  await expect(member(page, `Name ${coordinator.username}`)).toBeVisible();
  // Nothing to do to oneself.
  await expect(member(page, `Name ${coordinator.username}`).getByRole('button')).toHaveCount(0);
  await noSeriousProblems(page);

  // A name is needed.
  await page.getByTestId('invite-submit').click();
  await expect(page.getByTestId('form-error')).toHaveText('Write their name.');

  const name = 'Sara <Ny>';
  const url = await invite(page, name, 'worker');
  await expect(page.getByTestId('pending-invite').filter({ hasText: name })).toContainText('Peer worker');
  await noSeriousProblems(page);

  const username = `sara-${randomBytes(3).toString('hex')}`;
  const worker = await accept(browser, url, username, 'kort');
  await expect(worker.page.getByTestId('form-error')).toContainText('at least 12 characters');
  await expect(worker.page).toHaveURL(/\/invite\//);
  await noSeriousProblems(worker.page);
  await worker.page.getByTestId('invite-password').fill(PASSWORD);
  await worker.page.getByTestId('accept-invite').click();
  await expect(worker.page).toHaveURL(/\/$/);
  await expect(badge(worker.page)).toContainText('Synced', { timeout: 15_000 });

  // The coordinator sees the new member, synced, and the invite no longer waiting.
  await page.reload();
  const sara = member(page, name);
  await expect(sara).toContainText(`(${username})`);
  await expect(sara.getByTestId('member-last-sync')).toContainText('Last synced');
  await expect(page.getByTestId('pending-invite').filter({ hasText: name })).toHaveCount(0);
  // The link works once.
  const again = await request.post('/api/v1/auth/accept-invite', {
    data: { code: url.split('/').pop(), username: `${username}-2`, password: PASSWORD },
  });
  expect(again.status()).toBe(404);

  await sara.getByTestId('deactivate').click();
  await expect(page.getByTestId('members-said')).toHaveText(`${name} is deactivated and logged out on every phone.`);
  await expect(sara.getByTestId('member-deactivated')).toBeVisible();
  const login = await request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
  expect(login.status()).toBe(401);

  await sara.getByTestId('erase-ask').click();
  const warning = sara.getByTestId('erase-confirmation');
  await expect(warning).toContainText(`Everything ${name} has stored is deleted from the server for good`);
  await expect(warning).toContainText("can't be undone");
  await noSeriousProblems(page);
  await sara.getByTestId('erase-confirm').click();
  await expect(page.getByTestId('members-said')).toHaveText(`${name}'s data is erased.`);
  // Still a member, deactivated; they can be let back in.
  await expect(sara.getByTestId('reactivate')).toBeVisible();
  await worker.context.close();
});

test('an invite for a coordinator leads to the team screens; a withdrawn invite no longer works', async ({ page, browser }) => {
  const coordinator = createAccount('coordinator', 'members-coord');
  await logIn(page, coordinator.username, coordinator.password);
  await page.goto('/team/members');
  const kept = await invite(page, 'Kari Koordinator', 'coordinator');
  await expect(page.getByTestId('pending-invite').filter({ hasText: 'Kari Koordinator' })).toContainText('Coordinator');
  const withdrawn = await invite(page, 'Per Trukket', 'worker');
  const pending = page.getByTestId('pending-invite').filter({ hasText: 'Per Trukket' });
  await pending.getByTestId('withdraw-invite').click();
  await expect(pending).toHaveCount(0);

  const late = await accept(browser, withdrawn, `per-${randomBytes(3).toString('hex')}`, PASSWORD);
  await expect(late.page.getByTestId('form-error')).toContainText("This invite doesn't work any more");
  await late.context.close();

  const kari = await accept(browser, kept, `kari-${randomBytes(3).toString('hex')}`, PASSWORD);
  await expect(kari.page).toHaveURL(/\/team$/);
  await expect(kari.page.getByRole('heading', { level: 1 })).toHaveText('Team this week');
  await kari.context.close();
});

test('the figures kept for offline use go when the coordinator\'s session ends', async ({ page, request }) => {
  const coordinator = createAccount('coordinator', 'members-coord');
  await logIn(page, coordinator.username, coordinator.password);
  await expect(page).toHaveURL(/\/team$/);
  await expect(page.getByTestId('week-label')).toBeVisible();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('peerline.team'))).not.toBeNull();

  // The session ends on the server (signed out from elsewhere); the next fetch gets a 401.
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('peerline.session')!).token);
  const out = await request.post('/api/v1/auth/logout', { headers: { authorization: `Bearer ${token}` } });
  expect(out.status()).toBe(204);
  await page.getByTestId('previous-week').click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await page.evaluate(() => localStorage.getItem('peerline.team'))).toBeNull();
  await expect(page.getByTestId('session-ended')).toBeVisible();
});
