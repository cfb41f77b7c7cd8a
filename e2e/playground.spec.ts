import { expect, openWithKey, test, type WebApp } from './fixtures';
import type { Page } from '@playwright/test';

const MODEL = 'anthropic/claude-sonnet-4.5';

async function openPlayground(page: Page, app: WebApp) {
  await openWithKey(page, app);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playground' }).click();
  await expect(page.getByRole('heading', { name: 'New chat', level: 1 })).toBeVisible();
}

async function chooseModel(page: Page, model: string) {
  const picker = page.getByRole('combobox', { name: 'Model' });
  await picker.fill(model);
  await page
    .getByRole('option', { name: new RegExp(model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
    .first()
    .click();
  await expect(picker).toHaveValue(model);
}

async function send(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
}

const log = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const answers = (page: Page) => log(page).getByRole('article', { name: 'Assistant' });

test('a newcomer sends straight away; answers stream as Markdown; a stopped one keeps its text; both are in Usage', async ({
  page,
  app,
}) => {
  await openPlayground(page, app);
  // A sensible model is already chosen on first run.
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue(/\//);
  await chooseModel(page, MODEL);

  await send(page, 'Show me some markdown [[fake:format=markdown]] [[fake:tokens=400]] [[fake:rate=200]]');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeHidden({ timeout: 20_000 });
  const first = answers(page).first();
  // Markdown, not raw text: headings, code blocks with their own copy button, tables.
  await expect(first.getByRole('heading').first()).toBeVisible();
  await expect(first.getByRole('button', { name: 'Copy code' }).first()).toBeVisible();
  await expect(first).not.toContainText('```');
  await expect(first).toContainText(/400 out tokens/);
  await expect(first).toContainText(/\$0\.0\d+ billed/);
  // The conversation now has its own address and is in the list.
  await expect(page).toHaveURL(/#\/chat\/\d+/);
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').nth(0)).toBeVisible();

  // A long answer, stopped part-way: the text so far stays, marked as stopped.
  await send(page, 'Tell me a long story [[fake:tokens=3000]] [[fake:rate=30]]');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(answers(page).last()).toContainText(/\w+ \w+/);
  await page.keyboard.press('Escape');
  const stopped = answers(page).last();
  await expect(stopped).toContainText('Stopped');
  // What was generated before the stop is billed; the cost arrives from OpenRouter a moment later.
  await expect(stopped).toContainText(/\$0\.0\d+ from OpenRouter later/, { timeout: 15_000 });
  await page.screenshot({ path: 'docs/screenshots/playground.png' });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage' }).click();
  const table = page.getByRole('table', { name: 'Recent requests' });
  // Two answers, and the title request for the new conversation.
  await expect(table.getByRole('row').filter({ hasText: 'cancelled' })).toHaveCount(1);
  await expect(table.getByRole('row').filter({ hasText: MODEL })).toHaveCount(2);
  await expect(page.getByRole('img', { name: /Spend per day/ })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/usage.png', fullPage: true });
});

test('conversations last: a reload keeps them, search finds a message, rename, delete with undo', async ({
  page,
  app,
}) => {
  await openPlayground(page, app);
  await send(page, 'Remember the word pelican [[fake:tokens=12]] [[fake:rate=0]]');
  await expect(answers(page)).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Regenerate' })).toBeVisible();
  const url = page.url();

  await page.reload();
  await expect(log(page)).toContainText('Remember the word pelican');
  await expect(answers(page)).toHaveCount(1);
  expect(page.url()).toBe(url);

  // Search every message, with the match highlighted; choosing a result opens the conversation.
  await page.getByRole('link', { name: 'New chat' }).click();
  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('pelic');
  const hit = page.getByRole('list', { name: 'Search results' }).getByRole('link').first();
  await expect(hit.locator('mark')).toHaveText(/pelican/i);
  await hit.click();
  await expect(page).toHaveURL(/#\/chat\/\d+\?message=\d+/);
  await expect(log(page)).toContainText('Remember the word pelican');
  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('');

  // Rename by hand.
  const list = page.getByRole('navigation', { name: 'Conversations' });
  await list
    .getByRole('button', { name: /^Actions for / })
    .first()
    .click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  await page.getByLabel('New title').fill('Bird words');
  await page.getByLabel('New title').press('Enter');
  await expect(list.getByRole('link', { name: /Bird words/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Bird words', level: 1 })).toBeVisible();

  // Delete, then undo.
  await list.getByRole('button', { name: 'Actions for Bird words' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await expect(list.getByRole('link', { name: /Bird words/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(list.getByRole('link', { name: /Bird words/ })).toBeVisible();
});

test('regenerate keeps the earlier answer as an alternative; editing a message starts a branch', async ({
  page,
  app,
}) => {
  await openPlayground(page, app);
  await send(page, 'First try [[fake:tokens=8]] [[fake:rate=0]]');
  await expect(page.getByRole('button', { name: 'Regenerate' })).toBeVisible();
  const firstText = await answers(page).first().locator('p').first().textContent();

  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect(page.getByRole('group', { name: 'Answer 2 of 2' })).toBeVisible();
  await page.getByRole('button', { name: 'Previous answer' }).click();
  await expect(page.getByRole('group', { name: 'Answer 1 of 2' })).toBeVisible();
  await expect(answers(page).first()).toContainText(firstText!.trim());

  // Edit the question: a new branch, the original kept as version 1.
  await log(page).getByRole('article', { name: 'You' }).getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Edit message').fill('Second try [[fake:tokens=8]] [[fake:rate=0]]');
  await page.getByRole('button', { name: 'Send as new branch' }).click();
  await expect(page.getByRole('group', { name: 'Version 2 of 2' })).toBeVisible();
  await expect(log(page)).toContainText('Second try');
  await page.getByRole('button', { name: 'Previous version' }).click();
  await expect(log(page)).toContainText('First try');

  // The branch on screen is remembered.
  await page.reload();
  await expect(log(page)).toContainText('First try');
});

test('reasoning streams apart from the answer and folds once the answer starts', async ({ page, app }) => {
  await openPlayground(page, app);
  await chooseModel(page, MODEL);
  await send(page, 'Think first [[fake:reasoning=60]] [[fake:tokens=20]] [[fake:rate=40]]');
  const reasoning = answers(page).first().locator('details.reasoning');
  await expect(reasoning).toHaveAttribute('open', '');
  await expect(reasoning.locator('summary')).toContainText(/Thinking/);
  await expect(page.getByRole('button', { name: 'Regenerate' })).toBeVisible({ timeout: 20_000 });
  await expect(reasoning).not.toHaveAttribute('open', '');
  await expect(reasoning.locator('summary')).toContainText(/Thought for [\d.]+ s|Reasoning/);
  await expect(answers(page).first()).toContainText(/60 reasoning/);
});

test('a rate limit retries by itself after Retry-After, with a countdown that can be cancelled', async ({
  page,
  app,
}) => {
  await openPlayground(page, app);
  await send(page, 'Too fast [[fake:error=429]]');
  const alert = log(page).getByRole('alert');
  await expect(alert).toContainText(/rate/i);
  await expect(alert.getByRole('status')).toContainText(/Retrying in \d+ s/);
  await alert.getByRole('button', { name: 'Cancel retry' }).click();
  await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('a mid-stream server error keeps the partial answer, says what happened, and leaves a ledger row', async ({
  page,
  app,
}) => {
  await openPlayground(page, app);
  await chooseModel(page, MODEL);
  await send(page, 'Break please [[fake:midstream-error=502]]');
  await expect(log(page).getByRole('alert')).toContainText(/stopped part-way/);
  await expect(answers(page).first().locator('p').first()).not.toBeEmpty();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage' }).click();
  const row = page.getByRole('table', { name: 'Recent requests' }).getByRole('row').filter({ hasText: MODEL });
  await expect(row.first()).toContainText('error');
});

test('export a conversation as JSON and import it back; a foreign file is refused and nothing changes', async ({
  page,
  app,
}) => {
  await openPlayground(page, app);
  await send(page, 'Something to keep [[fake:tokens=10]] [[fake:rate=0]]');
  await expect(page.getByRole('button', { name: 'Regenerate' })).toBeVisible();
  const list = page.getByRole('navigation', { name: 'Conversations' });
  await list
    .getByRole('button', { name: /^Actions for / })
    .first()
    .click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export as JSON' }).click();
  const file = await (await download).path();
  const before = await list.getByRole('listitem').count();

  await page.getByLabel('Import a conversation (JSON)').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"hello": "world"}'),
  });
  await expect(list.getByRole('alert')).toContainText(/not a RouterDesk conversation|Nothing was/i);
  await expect(list.getByRole('listitem')).toHaveCount(before);

  await page.getByLabel('Import a conversation (JSON)').setInputFiles(file);
  await expect(list.getByRole('listitem')).toHaveCount(before + 1);
  await expect(log(page)).toContainText('Something to keep');
});

test('sending without a key says to add one in Settings, and the message stays in the box', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playground' }).click();
  await send(page, 'hello');
  await expect(page.getByRole('alert').first()).toContainText(/API key in Settings/);
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('hello');
});
