// Defects found by trying the app as a new user would (issue 18), one test each: the share
// preview's fallbacks must not run a name into its number at 360 px; the contact form offers the
// status in words (not as its wire value) in both languages.
import { test, expect } from '@playwright/test';

test.use({ locale: 'en-GB', timezoneId: 'Europe/Oslo' });

test("the share preview's fallback names never run into their numbers at 360 px", async ({ page }) => {
  await page.goto('/availability');
  await page.getByTestId('fallback-label').fill('Kari Nilsen Brattbakken');
  await page.getByTestId('fallback-phone').fill('+47 400 00 000');
  await page.getByTestId('add-fallback').click();
  await expect(page.getByTestId('fallbacks')).toContainText('Kari Nilsen Brattbakken');
  await page.goto('/contacts/new');
  await page.getByTestId('contact-name').fill('Sara');
  await page.getByTestId('save-contact').click();
  await page.getByTestId('share-on').click();
  const preview = page.getByTestId('share-preview');
  await preview.locator('summary').click();
  const fallback = preview.locator('.sc-fallback').first();
  await expect(fallback).toContainText('Kari Nilsen Brattbakken');
  const label = await fallback.locator('.sc-label').boundingBox();
  const phone = await fallback.locator('.sc-phone').boundingBox();
  expect(label && phone).toBeTruthy();
  const apart = phone!.x >= label!.x + label!.width - 0.5 || phone!.y >= label!.y + label!.height - 0.5;
  expect(apart, `label ${JSON.stringify(label)} phone ${JSON.stringify(phone)}`).toBe(true);
  // The name's text stays inside its own box (a box squeezed narrower than a word lets the word
  // run on over the number, which the boxes alone do not show).
  const overflow = await fallback.locator('.sc-label').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  // Nor does either run out of the button.
  const button = await fallback.boundingBox();
  expect(phone!.x + phone!.width).toBeLessThanOrEqual(button!.x + button!.width + 0.5);
});

test('the contact form offers the status in words in both languages', async ({ page }) => {
  await page.goto('/contacts/new');
  await page.getByTestId('contact-name').fill('Ola');
  await page.getByTestId('save-contact').click();
  await page.getByTestId('edit-contact').click();
  const status = page.getByTestId('contact-status');
  await expect(status.locator('option')).toHaveText(['Active', 'Paused', 'Ended']);
  await page.getByTestId('nav-more').click();
  await page.getByTestId('language-select').selectOption('nb');
  await page.goBack();
  await expect(page.getByTestId('contact-status').locator('option')).toHaveText(['Aktiv', 'På pause', 'Avsluttet']);
});
