/// <reference lib="dom" />
import { expect, openWithKey, test } from './fixtures';

const SCREENS = ['Catalog', 'Playground', 'Usage', 'Settings'] as const;
const CONTROL_ROLES = 'button|textbox|searchbox|combobox|checkbox|radio|link|spinbutton|slider|switch|tab|menuitem';

test('every control on every screen has an accessible name', async ({ page, app }) => {
  await openWithKey(page, app);
  for (const screen of SCREENS) {
    await page.getByRole('link', { name: screen }).click();
    await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
    if (screen === 'Catalog') await expect(page.getByText(/of 414 models/)).toBeVisible();
    // Open the collapsed system prompt so its field is checked too.
    if (screen === 'Playground') await page.locator('summary', { hasText: 'System prompt' }).click();
    const snapshot = await page.locator('body').ariaSnapshot();
    // A control with a name renders as `- button "Save key"`; one without as `- button` alone.
    const unnamed = snapshot
      .split('\n')
      .filter((line) => new RegExp(`^\\s*- (${CONTROL_ROLES})(\\s*\\[[^\\]]*\\])*(:.*)?$`).test(line));
    expect(unnamed, `${screen} has controls without a name:\n${unnamed.join('\n')}`).toEqual([]);
  }
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
  await page.getByRole('link', { name: 'Catalog' }).click();
  await expect(page.getByText(/of 414 models/)).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/catalog-dark.png' });
});
