import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '@shared/schemas';
import { cleanTitle, TITLE_EXCERPT_CHARS, titleMessages, titleParams } from './titles';

describe('titles', () => {
  it('keeps the title out of what the model wrote: first line, no label, quotes or full stop, six words', () => {
    expect(cleanTitle('Brewing Green Tea')).toBe('Brewing Green Tea');
    expect(cleanTitle('"Brewing Green Tea."')).toBe('Brewing Green Tea');
    expect(cleanTitle('Title: **Brewing green tea**\n\nThis title sums it up.')).toBe('Brewing green tea');
    expect(cleanTitle('  \n# “Tea at home”  ')).toBe('Tea at home');
    expect(cleanTitle('The model answer keeps every small token for a while.')).toBe(
      'The model answer keeps every small',
    );
    expect(cleanTitle('Wait, what?!')).toBe('Wait, what');
    expect(cleanTitle('   \n  ')).toBe('');
    expect(cleanTitle('"..."')).toBe('');
  });

  it('asks for at most six words about the exchange, both sides cut short', () => {
    const long = 'word '.repeat(1000);
    const [system, user] = titleMessages(`How do I brew tea? ${long}`, `Use water at 80 °C. ${long}`);
    expect(system).toMatchObject({ role: 'system' });
    expect(system!.content).toMatch(/at most six words/);
    expect(user!.role).toBe('user');
    expect(user!.content).toContain('User: How do I brew tea?');
    expect(user!.content).toContain('Assistant: Use water at 80 °C.');
    expect(user!.content.length).toBeLessThan(2 * TITLE_EXCERPT_CHARS + 200);
  });

  it('asks for the least reasoning the model offers, and caps the answer', () => {
    const withEfforts = (efforts: string[] | null) =>
      ({
        reasoning: { mandatory: true, defaultEnabled: null, supportedEfforts: efforts, supportsMaxTokens: false },
      }) as ModelSummary;
    expect(titleParams(withEfforts(['high', 'medium', 'low', 'minimal']))).toEqual({
      max_tokens: 1000,
      reasoning: { effort: 'minimal' },
    });
    expect(titleParams(withEfforts(['xhigh', 'medium', 'low']))).toEqual({
      max_tokens: 1000,
      reasoning: { effort: 'low' },
    });
    expect(titleParams(withEfforts(null))).toEqual({ max_tokens: 1000 });
    expect(titleParams(null)).toEqual({ max_tokens: 1000 });
  });
});
