// Issue 17's headers in a real browser: the PRW app, the coordinator's build and a share page load
// and work under Cross-Origin-Opener-Policy and the Permissions-Policy; Chromium understands every
// directive (an unknown one is a console error on every page); and the policy allows exactly what
// the app uses, copying a link (clipboard-write) and sharing it (web-share), never the camera (the
// QR code is shown, not scanned), the microphone or the location.
import { test, expect, Page, Response } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { Worker, newShareToken, uuidv5 } from '../support/worker';

/**
 * Features the policy names that a browser may not have at all: Web Bluetooth and Web Share exist
 * in Chrome on Android (the phones Peerline is for) but not in Chromium on Linux, which then calls
 * them unrecognized. Any other unrecognized name is a mistake in the header.
 */
const PLATFORM_FEATURES = ['bluetooth', 'web-share'];

/** Console messages about the Permissions-Policy, from the moment of the call. */
function policyMessages(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    const platformOnly = PLATFORM_FEATURES.some((feature) => text.includes(`Unrecognized feature: '${feature}'`));
    if (/permissions.policy|feature.policy|unrecognized feature/i.test(text) && !platformOnly) {
      messages.push(text);
    }
  });
  return messages;
}

/**
 * Whether the page's Permissions-Policy allows `feature` for its own origin, as the browser reads
 * it; `null` when this browser has no such feature at all (Chromium on Linux has no Web Share, so
 * it neither lists nor allows `web-share`, whatever the header says).
 */
async function allows(page: Page, feature: string): Promise<boolean | null> {
  return page.evaluate((name) => {
    const policy = (document as any).permissionsPolicy ?? (document as any).featurePolicy;
    return policy.features().includes(name) ? policy.allowsFeature(name) : null;
  }, feature);
}

const EXPECTED: [string, boolean][] = [
  ['clipboard-write', true],
  ['web-share', true],
  ['camera', false],
  ['microphone', false],
  ['geolocation', false],
  ['clipboard-read', false],
  ['payment', false],
  ['usb', false],
];

async function checkPage(page: Page, response: Response | null, what: string): Promise<void> {
  expect(response?.headers()['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(response?.headers()['permissions-policy'], what).toContain('camera=()');
  const header = response?.headers()['permissions-policy'] ?? '';
  for (const [feature, allowed] of EXPECTED) {
    // The header says it either way; the browser confirms it where it knows the feature.
    expect(header, `${what}: ${feature} in the header`).toContain(`${feature}=${allowed ? '(self)' : '()'}`);
    const read = await allows(page, feature);
    if (read !== null) {
      expect(read, `${what}: ${feature}`).toBe(allowed);
    }
  }
}

test('the app, the team screens and a share page work under the headers, which allow what they use', async ({ browser, request }) => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const messages = policyMessages(page);

  // The PRW app mounts, and the copy button's call works.
  const app = await page.goto('/');
  await expect(page.getByTestId('nav-today')).toBeVisible();
  await checkPage(page, app, 'the app');
  const copied = await page.evaluate(() =>
    navigator.clipboard.writeText('https://example.invalid/s/probe').then(() => 'copied', (error) => error.name),
  );
  expect(copied).toBe('copied');

  // The coordinator's build.
  const team = await page.goto('/team/');
  await expect(page.locator('body')).not.toBeEmpty();
  await checkPage(page, team, 'the team screens');

  // A share page, with a live link.
  const worker = new Worker(request);
  await worker.create('headers');
  const contact = randomUUID();
  const token = newShareToken();
  await worker.sync([
    ['profile', uuidv5(worker.userId, 'profile'), { display_name: 'Per', phone: '+47 400 12 345' }],
    ['availability', uuidv5(worker.userId, 'availability'), {
      windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }] }],
    ['contact', contact, { name: 'Sara', role: 'service_user', share_token: token }],
  ]);
  const share = await page.goto(`/s/${token}`);
  await expect(page.locator('.sc-state')).toBeVisible();
  await checkPage(page, share, 'the share page');

  expect(messages).toEqual([]);
  await context.close();
});

// Share links are for service users only (issue 17): the server refuses a token on any other
// contact, and the app never offers one. The contact page of a coordinator, a colleague or a
// service has no link section; a service user's has.
test('the app offers a private link on a service user contact only', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const page = await context.newPage();
  // The form's role choices, in its order: service user, coordinator, colleague, service.
  for (const [role, offered] of [['0', 1], ['1', 0], ['2', 0], ['3', 0]] as const) {
    await page.goto('/contacts/new');
    await page.getByTestId('contact-name').fill(`Rolle ${role}`);
    await page.getByTestId('contact-phone').fill('+47 912 34 567');
    await page.getByTestId('contact-role').selectOption(role);
    await page.getByTestId('save-contact').click();
    await expect(page.getByTestId('call-link')).toBeVisible();
    await expect(page.getByTestId('share-link'), `role ${role}`).toHaveCount(offered);
  }
  await context.close();
});
