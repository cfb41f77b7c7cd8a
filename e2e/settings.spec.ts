import { expect, fakeKey, launchWebApp, openWithKey, test } from './fixtures';

test('set a key and see its status and account details', async ({ page, app }) => {
  const key = await openWithKey(page, app, fakeKey('valid', 42));
  await expect(page.getByText(/stored in/i).first()).toBeVisible();
  // The key itself never reaches the page.
  expect(await page.content()).not.toContain(key.slice(9, 40));
  await expect(page.getByLabel('OpenRouter API key')).toHaveValue('');
  // Account details from GET /key.
  await expect(page.getByText(/usage/i).first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/settings.png', fullPage: true });

  // It is still there after a reload (it lives in the keychain, not the page).
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText(`ending in ${key.slice(-4)}`).first()).toBeVisible();

  await page.getByRole('button', { name: 'Remove key' }).click();
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByText(/no api key set/i).first()).toBeVisible();
});

test('a wrong key is refused with a clear message and nothing is stored', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const input = page.getByLabel('OpenRouter API key');

  await input.fill('sk-proj-not-an-openrouter-key');
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('alert')).toContainText('sk-or-v1-');

  await input.fill(fakeKey('revoked', 5));
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('alert')).toContainText(/does not accept this key/);
  await expect(page.getByText(/no api key set/i).first()).toBeVisible();
});

test('offline: the key can be stored anyway, marked unverified', async ({ page }, testInfo) => {
  const app = await launchWebApp(`offline-${testInfo.workerIndex}-${Date.now()}`, {
    baseUrl: 'http://127.0.0.1:9/api/v1',
  });
  try {
    await page.goto(app.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const key = fakeKey('valid', 77);
    await page.getByLabel('OpenRouter API key').fill(key);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect(page.getByRole('alert')).toContainText("Couldn't reach OpenRouter");
    await page.getByRole('button', { name: 'Store anyway' }).click();
    await expect(page.getByText(`ending in ${key.slice(-4)}`).first()).toBeVisible();
    await expect(page.getByText(/not verified/i).first()).toBeVisible();
  } finally {
    expect(await app.stop()).toBe(0);
  }
});
