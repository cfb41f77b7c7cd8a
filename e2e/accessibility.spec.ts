import AxeBuilder from '@axe-core/playwright';
import { expect, openWithKey, test } from './fixtures';

const SCREENS = ['Catalog', 'Playground', 'Usage', 'Settings'] as const;

for (const theme of ['Light', 'Dark'] as const) {
  test(`no serious or critical accessibility violations on any screen (${theme.toLowerCase()} theme)`, async ({
    page,
    app,
  }) => {
    await openWithKey(page, app);
    await page.getByRole('radio', { name: theme }).check();
    // Something in the Playground and the Usage table, so those screens are audited with content.
    await page.getByRole('link', { name: 'Playground' }).click();
    await page.getByLabel('Model').fill('anthropic/claude-sonnet-4.5');
    await page.getByLabel('Message').fill('Hello [[fake:tokens=12]] [[fake:rate=0]]');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('button', { name: 'Copy answer' })).toBeVisible();

    for (const screen of SCREENS) {
      await page.getByRole('link', { name: screen }).click();
      await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
      if (screen === 'Catalog') await expect(page.getByText(/of 414 models/)).toBeVisible();
      if (screen === 'Usage') await expect(page.getByRole('table', { name: 'Recent requests' })).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join('\n  ')}`,
        );
      expect(serious, `${screen}, ${theme}`).toEqual([]);
    }
  });
}
