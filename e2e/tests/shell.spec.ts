// The walking skeleton: the app renders at phone size, is installable (manifest + service worker),
// and after one visit loads with no network at all.
import { test, expect } from '@playwright/test';

test('the start page renders with working navigation', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/Peerline/);
  const nav = page.getByRole('navigation');
  await expect(nav).toBeVisible();
  const links = nav.getByRole('link');
  expect(await links.count()).toBeGreaterThanOrEqual(2);
  expect(await links.count()).toBeLessThanOrEqual(5);

  // Follow the second navigation item and check the URL and the page both changed.
  const second = links.nth(1);
  const href = await second.getAttribute('href');
  expect(href).toBeTruthy();
  await second.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(second).toHaveAttribute('aria-current', 'page');
});

test('an app route is served the app, not a 404', async ({ page }) => {
  const response = await page.goto('/contacts');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('navigation')).toBeVisible();
});

test('the manifest is linked and valid, and the service worker is registered', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(new URL(href!, page.url()).toString())).json();
  expect(manifest.name).toBe('Peerline');
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBeTruthy();
  expect(manifest.theme_color).toBeTruthy();
  const sizes = manifest.icons.map((icon: { sizes: string }) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));

  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(new URL('/', page.url()).toString());
});

test('after the first visit the app loads offline', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  // The first load happened before the worker controlled the page; reload once so the shell is
  // fetched through it, then cut the network.
  await page.reload();
  await expect(page.getByRole('navigation')).toBeVisible();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('navigation')).toBeVisible();
  await expect(page).toHaveTitle(/Peerline/);
  await context.setOffline(false);
});

test('responses carry the security headers', async ({ request }) => {
  const response = await request.get('/');
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
});
