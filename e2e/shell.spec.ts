/// <reference lib="dom" />
import { expect, openWithKey, test } from './fixtures';

const SCREENS = ['Catalog', 'Playground', 'Usage', 'Settings'] as const;
/** Each screen's h1: the Playground's names the open conversation (a new one to begin with). */
const HEADINGS: Record<(typeof SCREENS)[number], string> = {
  Catalog: 'Catalog',
  Playground: 'New chat',
  Usage: 'Usage',
  Settings: 'Settings',
};
const CONTROL_ROLES = 'button|textbox|searchbox|combobox|checkbox|radio|link|spinbutton|slider|switch|tab|menuitem';

test('every control on every screen has an accessible name', async ({ page, app }) => {
  await openWithKey(page, app);
  for (const screen of SCREENS) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();
    await expect(page.getByRole('heading', { name: HEADINGS[screen], level: 1 })).toBeVisible();
    if (screen === 'Catalog') await expect(page.getByText(/of 414 models/)).toBeVisible();
    // Open the collapsed system prompt so its field is checked too.
    if (screen === 'Playground') {
      await page.locator('summary', { hasText: 'System prompt' }).click();
      // And the model list, open.
      await page.getByRole('combobox', { name: 'Model' }).fill('claude');
      await expect(page.getByRole('listbox', { name: 'Models' })).toBeVisible();
    }
    const snapshot = await page.locator('body').ariaSnapshot();
    // A control with a name renders as `- button "Save key"`; one without as `- button` alone.
    const unnamed = snapshot
      .split('\n')
      .filter((line) => new RegExp(`^\\s*- (${CONTROL_ROLES})(\\s*\\[[^\\]]*\\])*(:.*)?$`).test(line));
    expect(unnamed, `${screen} has controls without a name:\n${unnamed.join('\n')}`).toEqual([]);
  }
});

test('the first run says what RouterDesk does, offers a look around without a key, and shows the key on request', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Welcome to RouterDesk', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /Create one at openrouter.ai/ })).toHaveAttribute(
    'href',
    'https://openrouter.ai/settings/keys',
  );
  const field = page.getByLabel('OpenRouter API key');
  await field.fill('sk-or-v1-typed');
  await expect(field).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show the key' }).click();
  await expect(field).toHaveAttribute('type', 'text');
  await page.screenshot({ path: 'docs/screenshots/welcome.png' });
  await page.getByRole('link', { name: 'Look around the model catalog first' }).click();
  await expect(page.getByText(/of 414 models/)).toBeVisible();
  // Seen once: the next start goes to the Playground.
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'New chat', level: 1 })).toBeVisible();
});

test('dark and light themes apply at once and are remembered', async ({ page, app }) => {
  await page.goto(app.url);
  const html = page.locator('html');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  await page.getByRole('radio', { name: 'Dark' }).click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const dark = await background();
  await page.getByRole('radio', { name: 'Light' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  const light = await background();
  expect(dark).not.toBe(light);

  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.getByRole('radio', { name: 'Dark' }).click();
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).click();
  await expect(page.getByText(/of 414 models/)).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/catalog-dark.png' });
});
