// The one focus-keeping redraw (issue 18): a screen drawn again because something changed keeps
// the focus where it was and never loses what was typed. Today's "Log incoming call" keeps the
// focus as the counts change under it; the contact form keeps what was typed, and the focus, when
// the language is changed in another tab; the week editor keeps a day's open form while another
// control redraws the form around it.
import { test, expect, Page } from '@playwright/test';

test.use({ locale: 'en-GB', timezoneId: 'Europe/Oslo' });

async function addServiceUser(page: Page, name: string): Promise<void> {
  await page.goto('/contacts/new');
  await page.getByTestId('contact-name').fill(name);
  await page.getByTestId('save-contact').click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
}

/** The test id of the element that has the focus. */
async function focused(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid);
}

test('logging a call on Today keeps the focus on the button', async ({ page }) => {
  await addServiceUser(page, 'Ola');
  await page.getByTestId('nav-today').click();
  const card = page.getByTestId('person-ola');
  const button = card.getByTestId('log-incoming-call');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(card.getByTestId('counts')).toContainText('Today 1');
  await expect(page.getByTestId('logged-status')).toBeVisible();
  expect(await focused(page)).toBe('log-incoming-call');
  // Twice more from the keyboard, without moving: the redraw never takes the focus away.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(card.getByTestId('counts')).toContainText('Today 3');
  expect(await focused(page)).toBe('log-incoming-call');
});

test('a language change in another tab keeps what is typed in an open form', async ({ page, context }) => {
  await page.goto('/contacts/new');
  const name = page.getByTestId('contact-name');
  await name.fill('Kari Nordmann');
  await page.getByTestId('contact-notes').fill('Likes mornings');
  await name.focus();
  const other = await context.newPage();
  await other.goto('/more');
  await other.getByTestId('language-select').selectOption('nb');
  // The form follows the language (a label in bokmål) and keeps the text and the focus.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ny kontakt');
  await expect(name).toHaveValue('Kari Nordmann');
  await expect(page.getByTestId('contact-notes')).toHaveValue('Likes mornings');
  expect(await focused(page)).toBe('contact-name');
  await other.close();
});

test('the form keeps what is typed while its own controls redraw it', async ({ page }) => {
  await page.goto('/contacts/new');
  await page.getByTestId('contact-name').fill('Sara');
  await page.getByTestId('same-as-my-hours').uncheck();
  const wednesday = page.getByTestId('day-3');
  await wednesday.getByTestId('add-window').click();
  await wednesday.getByTestId('window-start').fill('18:00');
  // A stepper redraws the form; the typed name and the open day's typed time stay.
  await page.getByTestId('max-per-day').getByRole('button', { name: /\+$/ }).click();
  await expect(page.getByTestId('max-per-day-value')).toHaveText('1');
  await expect(page.getByTestId('contact-name')).toHaveValue('Sara');
  await expect(wednesday.getByTestId('window-start')).toHaveValue('18:00');
  await wednesday.getByTestId('save-window').click();
  await expect(wednesday).toContainText('18:00–21:00');
  await page.getByTestId('save-contact').click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Wednesday 18:00–21:00')).toBeVisible();
});
