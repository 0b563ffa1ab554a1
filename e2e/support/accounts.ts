// Accounts for the login, sync and coordinator specs: new teams and users made with the server's
// command line on the e2e database (so each spec's data is its own), logging in through the app's
// login screen, writing and reading a worker's records through `POST /api/v1/sync` as the worker,
// and the axe check the screens share.
import { APIRequestContext, Page, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomBytes, randomUUID } from 'node:crypto';
import { serverCommand, uuidv5 } from './worker';

export const PASSWORD = 'e2e password';
export const DEMO_PASSWORD = 'peerline-demo';

export type Account = { username: string; userId: string; teamId: string; password: string };

/** A new team, or the given one, with a new user of `role`. */
export function createAccount(role: 'worker' | 'coordinator', prefix: string, teamId?: string): Account {
  const username = `${prefix}-${randomBytes(4).toString('hex')}`;
  const team = teamId ?? serverCommand(['create-team', '--name', `Team ${username}`]);
  const userId = serverCommand(
    ['create-user', '--team', team, '--role', role, '--username', username, '--display-name', `Name ${username}`],
    `${PASSWORD}\n`,
  );
  return { username, userId, teamId: team, password: PASSWORD };
}

/** Logs in on the app's login screen and waits until it has moved on. */
export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).not.toHaveURL(/\/login$/);
}

/**
 * Writes records as `username` over `/sync`, as the app's outbox does, and expects every one
 * accepted. In an id, `USER` is the user's id, and `PROFILE` and `AVAILABILITY` the ids of their
 * profile and availability records.
 */
export async function syncAs(request: APIRequestContext, username: string, writes: [string, string, Record<string, unknown>][]) {
  const { token, userId } = await apiToken(request, username, PASSWORD);
  const clientId = randomUUID();
  const now = Date.now();
  const mutations = writes.map(([kind, id, set], index) => ({
    mid: index + 1, kind, id: id.replace('USER', userId).replace('PROFILE', uuidv5(userId, 'profile'))
      .replace('AVAILABILITY', uuidv5(userId, 'availability')),
    hlc: `${String(now).padStart(13, '0')}:${(index + 1).toString(16).padStart(4, '0')}:${clientId}`, set,
  }));
  const response = await request.post('/api/v1/sync', {
    data: { client_id: clientId, cursor: null, mutations },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
  expect((await response.json()).rejected).toEqual([]);
}

/** No axe violation on the page as it is now. */
export async function axeClean(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations).toEqual([]);
}

/** A bearer token for `username`, over the API. */
export async function apiToken(request: APIRequestContext, username: string, password: string): Promise<{ token: string; userId: string }> {
  const response = await request.post('/api/v1/auth/login', { data: { username, password } });
  expect(response.status()).toBe(200);
  const body = await response.json();
  return { token: body.token, userId: body.user.id };
}

export type WireRecord = { kind: string; id: string; fields: Record<string, any>; deleted: boolean };

/** Every record of the worker, as their own `/sync` returns them (all pages). */
export async function pullAll(request: APIRequestContext, token: string): Promise<WireRecord[]> {
  const records = new Map<string, WireRecord>();
  let cursor: string | null = null;
  const clientId = randomUUID();
  for (let page = 0; page < 100; page += 1) {
    const response = await request.post('/api/v1/sync', {
      data: { client_id: clientId, cursor, mutations: [] },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status()).toBe(200);
    const body = await response.json();
    for (const record of body.records) records.set(record.id, record);
    cursor = body.cursor;
    if (!body.more) break;
  }
  return [...records.values()];
}

/** The app's sync badge. */
export function badge(page: Page) {
  return page.getByTestId('sync-status');
}
