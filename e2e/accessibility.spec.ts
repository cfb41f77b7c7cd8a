import AxeBuilder from '@axe-core/playwright';
import { expect, openWithKey, test } from './fixtures';

const SCREENS = ['Catalog', 'Playground', 'Usage', 'Settings'] as const;

for (const [theme, width, height] of [
  ['Light', 1280, 800],
  ['Dark', 1280, 800],
  ['Light', 900, 600],
  ['Dark', 900, 600],
] as const) {
  test(`no serious or critical accessibility violations on any screen (${theme.toLowerCase()} theme, ${width}×${height})`, async ({
    page,
    app,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    await openWithKey(page, app);
    await page.getByRole('radio', { name: theme }).check();
    // Content on every screen: Markdown with code and a table, an error with its actions, a
    // reasoning block; then Usage has rows.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playground' }).click();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Hello [[fake:format=markdown]] [[fake:tokens=300]] [[fake:reasoning=20]] [[fake:rate=0]]');
    await box.press('Enter');
    await expect(page.getByRole('button', { name: 'Copy answer' })).toBeVisible();
    await box.fill('Fail [[fake:error=402]]');
    await box.press('Enter');
    await expect(page.getByRole('log').getByRole('alert')).toBeVisible();

    for (const screen of SCREENS) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
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
      expect(serious, `${screen}, ${theme}, ${width}×${height}`).toEqual([]);
      // Nothing the user needs is cut off: the page itself never scrolls sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${screen} is wider than the window`).toBeLessThanOrEqual(0);
    }
  });
}
