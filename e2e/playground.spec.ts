import { expect, openWithKey, test } from './fixtures';

const MODEL = 'anthropic/claude-sonnet-4.5';

test('send a message and watch it stream; stop another mid-way; both are in Usage', async ({ page, app }) => {
  await openWithKey(page, app);
  await page.getByRole('link', { name: 'Playground' }).click();
  await page.getByLabel('Model').fill(MODEL);

  // First: a full answer that streams in over about a second.
  await page.getByLabel('Message').fill('Say hello [[fake:tokens=30]] [[fake:rate=40]]');
  await page.getByRole('button', { name: 'Send' }).click();
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  // Partial text is on screen while the stream is still running.
  await expect(log).toContainText(/\w+/);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 15_000 });
  await expect(log).toContainText(/30 out/);
  await expect(log).toContainText(/\$0\.000\d+/);

  // Second: a long answer, stopped part-way.
  await page.getByLabel('Message').fill('Tell me a long story [[fake:tokens=3000]] [[fake:rate=30]]');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await page.waitForTimeout(300); // let a few tokens arrive, as a user would
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(log).toContainText('Stopped');
  // What was generated before the stop is billed; the cost shows once OpenRouter reports it.
  const stopped = log.getByRole('article', { name: 'Assistant' }).last();
  await expect(stopped).toContainText(/out tokens/, { timeout: 15_000 });
  await expect(stopped).toContainText(/\$0\.0\d+/);
  await page.screenshot({ path: 'docs/screenshots/playground.png' });

  await page.getByRole('link', { name: 'Usage' }).click();
  const table = page.getByRole('table', { name: 'Recent requests' });
  await expect(table.getByRole('row')).toHaveCount(3); // header + 2
  await expect(table.getByRole('row').nth(1)).toContainText('cancelled');
  await expect(table.getByRole('row').nth(1)).toContainText(/\$0\.0\d+/);
  await expect(table.getByRole('row').nth(2)).toContainText('ok');
  await expect(table.getByRole('row').nth(2)).toContainText(/\$0\.000\d+/);
  await expect(page.getByRole('img', { name: /Spend per day/ })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/usage.png', fullPage: true });
});

test('a mid-stream server error shows a clear message and leaves a ledger row', async ({ page, app }) => {
  await openWithKey(page, app);
  await page.getByRole('link', { name: 'Playground' }).click();
  await page.getByLabel('Model').fill(MODEL);
  await page.getByLabel('Message').fill('Break please [[fake:midstream-error=502]]');
  await page.getByRole('button', { name: 'Send' }).click();
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByRole('alert')).toContainText(/stopped part-way/);

  await page.getByRole('link', { name: 'Usage' }).click();
  const row = page.getByRole('table', { name: 'Recent requests' }).getByRole('row').nth(1);
  await expect(row).toContainText('error');
  await expect(row).toContainText(MODEL);
});

test('sending without a key says to add one in Settings', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('link', { name: 'Playground' }).click();
  await page.getByLabel('Model').fill(MODEL);
  await page.getByLabel('Message').fill('hello');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('alert').first()).toContainText(/API key in Settings/);
});
