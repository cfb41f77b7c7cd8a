import { expect, test } from './fixtures';

test('browse and search the catalog', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).click();
  await expect(page.getByRole('heading', { name: 'Catalog', level: 1 })).toBeVisible();
  await expect(page.getByText('414 of 414 models')).toBeVisible();
  const table = page.getByRole('table', { name: 'Models' });

  await page.getByLabel('Search models').fill('kimi k3');
  const rows = table.getByRole('row').filter({ hasText: 'moonshotai/kimi-k3' });
  await expect(rows.first()).toBeVisible();
  await expect(page.getByText(/^\d+ of 414 models$/)).not.toHaveText('414 of 414 models');

  // Search by id, case-insensitive; prices per million tokens.
  await page.getByLabel('Search models').fill('ANTHROPIC/CLAUDE-SONNET-4.5');
  const sonnet = table.getByRole('row').filter({ hasText: 'anthropic/claude-sonnet-4.5' }).first();
  await expect(sonnet).toContainText('$3');
  await expect(sonnet).toContainText('$15');
  await page.screenshot({ path: 'docs/screenshots/catalog.png' });

  await page.getByLabel('Search models').fill('no such model zzz');
  await expect(page.getByText('0 of 414 models')).toBeVisible();
});
