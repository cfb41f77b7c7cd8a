import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { Lexer } from 'marked';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CODE_CHUNK_LINES } from './CodeBlock';
import * as highlight from './highlight';
import { Markdown } from './Markdown';
import { randomCuts, randomDocument, rng } from './testDocuments';

// Count highlighting work without changing it.
vi.mock('./highlight', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./highlight')>();
  return { ...actual, highlightCode: vi.fn(actual.highlightCode) };
});
const highlightCode = vi.mocked(highlight.highlightCode);

afterEach(() => {
  vi.restoreAllMocks();
  highlightCode.mockClear();
});

/**
 * The DOM as markup with attributes in a fixed order: an attribute a block gets later while
 * streaming (a link's title) is appended, which innerHTML would show as a difference.
 */
function canonical(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE)
    return (node.textContent ?? '').replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  if (!(node instanceof Element)) return '';
  const attributes = [...node.attributes]
    .map((a) => `${a.name}="${a.value}"`)
    .sort()
    .join(' ');
  const children = [...node.childNodes].map(canonical).join('');
  return `<${node.tagName.toLowerCase()}${attributes ? ` ${attributes}` : ''}>${children}</${node.tagName.toLowerCase()}>`;
}

/** Streams `text` into one <Markdown>, prefix by prefix, then ends the stream. */
/** Ends a stream as the component does: the last text first, the settling pass just after. */
function endStream(view: ReturnType<typeof render>, element: React.ReactElement) {
  vi.useFakeTimers();
  try {
    view.rerender(element);
    act(() => vi.runOnlyPendingTimers());
  } finally {
    vi.useRealTimers();
  }
}

function streamInto(text: string, cuts: number[], props: { muted?: boolean } = {}) {
  const view = render(<Markdown text="" streaming {...props} />);
  for (const at of cuts) view.rerender(<Markdown text={text.slice(0, at)} streaming {...props} />);
  endStream(view, <Markdown text={text} streaming={false} {...props} />);
  return view;
}

describe('GitHub-flavoured Markdown', () => {
  it('renders headings, emphasis, lists, quotes, rules and inline code', () => {
    const { container } = render(
      <Markdown
        text={[
          '# Title',
          '## Section',
          'Some **bold**, *italic*, ~~struck~~ and `code <b>`.',
          '- one\n- two\n  1. nested',
          '3. three\n4. four',
          '> quoted *text*',
          '---',
          'a &amp; b &copy; &#65;',
        ].join('\n\n')}
      />,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Title' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Section' })).toBeTruthy();
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('em')?.textContent).toBe('italic');
    expect(container.querySelector('del')?.textContent).toBe('struck');
    expect(container.querySelector('p code')?.textContent).toBe('code <b>');
    const lists = screen.getAllByRole('list');
    expect(lists.map((l) => l.tagName)).toEqual(['UL', 'OL', 'OL']);
    expect(lists[2]?.getAttribute('start')).toBe('3');
    expect(within(lists[0] as HTMLElement).getAllByRole('listitem')).toHaveLength(3);
    expect(container.querySelector('blockquote em')?.textContent).toBe('text');
    expect(container.querySelector('hr')).toBeTruthy();
    expect(screen.getByText('a & b © A')).toBeTruthy();
  });

  it('renders task lists as disabled checkboxes labelled by their task', () => {
    render(<Markdown text={'- [ ] write tests\n- [x] **ship** it\n\n1. [ ] loose\n\n2. [x] done'} />);
    const open = screen.getByRole('checkbox', { name: 'write tests' }) as HTMLInputElement;
    const done = screen.getByRole('checkbox', { name: 'ship it' }) as HTMLInputElement;
    expect([open.checked, open.disabled]).toEqual([false, true]);
    expect([done.checked, done.disabled]).toEqual([true, true]);
    expect((screen.getByRole('checkbox', { name: 'done' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getAllByRole('checkbox')).toHaveLength(4);
    // The "[ ]" marker itself is not shown as text.
    expect(screen.queryByText(/\[ \]/)).toBeNull();
  });

  it('renders tables as real tables with column headers and alignment', () => {
    render(<Markdown text={'| Name | Price |\n|:-----|------:|\n| **a** | 1 |\n| b | 22 |'} />);
    const table = screen.getByRole('table');
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((h) => h.textContent)).toEqual(['Name', 'Price']);
    expect(headers[0]?.getAttribute('scope')).toBe('col');
    const cells = within(table).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual(['a', '1', 'b', '22']);
    expect((cells[1] as HTMLElement).style.textAlign).toBe('right');
    expect(cells[0]?.querySelector('strong')).toBeTruthy();
  });

  it('renders fenced code (``` and ~~~) highlighted, with the language shown', () => {
    const { container } = render(
      <Markdown
        text={
          '```ts\nconst a: number = 1;\n```\n\n~~~python\ndef f():\n    return "x"\n~~~\n\n```nosuchlang\nplain <b>\n```'
        }
      />,
    );
    const codes = [...container.querySelectorAll('pre code')];
    expect(codes).toHaveLength(3);
    expect(codes[0]?.className).toContain('language-typescript');
    expect(codes[0]?.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(codes[1]?.querySelector('.hljs-keyword')?.textContent).toBe('def');
    expect(codes[2]?.textContent).toBe('plain <b>');
    expect(codes[2]?.children).toHaveLength(0);
    expect(screen.getByText('ts')).toBeTruthy();
    expect(screen.getByText('python')).toBeTruthy();
  });

  it('makes links for http, https and mailto that open outside the app', () => {
    render(<Markdown text={'[docs](https://example.com/docs "The docs"), <me@example.com>, www.example.org'} />);
    const docs = screen.getByRole('link', { name: 'docs' });
    expect(docs.getAttribute('href')).toBe('https://example.com/docs');
    expect(docs.getAttribute('target')).toBe('_blank');
    expect(docs.getAttribute('rel')).toBe('noreferrer noopener');
    expect(docs.getAttribute('title')).toBe('The docs');
    expect(screen.getByRole('link', { name: 'me@example.com' }).getAttribute('href')).toBe('mailto:me@example.com');
    expect(screen.getByRole('link', { name: 'www.example.org' }).getAttribute('href')).toBe('http://www.example.org/');
  });

  it('resolves reference links, also when the definition comes later', () => {
    render(<Markdown text={'See [the guide][g].\n\n[g]: https://example.com/guide'} />);
    expect(screen.getByRole('link', { name: 'the guide' }).getAttribute('href')).toBe('https://example.com/guide');
  });
});

describe('nothing in an answer becomes markup it did not ask for', () => {
  it('shows raw HTML as text', () => {
    const { container } = render(
      <Markdown
        text={
          '<script>alert(1)</script>\n\nInline <img src=x onerror="alert(2)"> and <a href="https://x.example">a</a>.\n\n<img src=y onerror=alert(3)>\n\n<div onclick="x()">block</div>'
        }
      />,
    );
    for (const tag of ['script', 'img', 'div[onclick]', 'a']) expect(container.querySelector(tag)).toBeNull();
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(container.textContent).toContain('<img src=x onerror="alert(2)">');
    expect(container.textContent).toContain('<div onclick="x()">block</div>');
  });

  it('renders links with other protocols, or relative ones, as plain text', () => {
    const { container } = render(
      <Markdown
        text={
          '[one](javascript:alert(1)) [two](JaVaScRiPt:alert(1)) [three](java\tscript:alert(1)) [four](data:text/html,x) [five](/relative) [six](#frag) <javascript:alert(1)> ![img](javascript:x)'
        }
      />,
    );
    expect(screen.queryAllByRole('link')).toHaveLength(0);
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toContain('one two');
  });

  it('does not load images: an image is a link to its address', () => {
    const { container } = render(<Markdown text={'![a chart](https://example.com/c.png)'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('link', { name: 'Image: a chart' }).getAttribute('href')).toBe('https://example.com/c.png');
  });
});

describe('copy button', () => {
  it('copies the code and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard);
    render(<Markdown text={'```js\nconsole.log("hi");\n```\n\n```\nsecond\n```'} />);
    const buttons = screen.getAllByRole('button', { name: 'Copy code' });
    expect(buttons).toHaveLength(2);
    await act(async () => fireEvent.click(buttons[0] as HTMLElement));
    expect(writeText).toHaveBeenCalledWith('console.log("hi");');
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['Copied', '']);
  });

  it('says when copying failed', async () => {
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({
      writeText: () => Promise.reject(new Error('denied')),
    } as unknown as Clipboard);
    render(<Markdown text={'```\nx\n```'} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy code' })));
    expect(screen.getByRole('status').textContent).toMatch(/Couldn't copy/);
  });
});

describe('streaming', () => {
  it('keeps the DOM of finished blocks untouched while text arrives', () => {
    const first = '# Title\n\nA first paragraph with a [link](https://example.com).\n\n```js\nconst a = 1;\n```\n\n';
    const view = render(<Markdown text={`${first}Second`} streaming />);
    const heading = view.container.querySelector('h1');
    const paragraph = view.container.querySelector('p');
    const code = view.container.querySelector('pre');
    const highlighted = highlightCode.mock.calls.length;

    const changed = new Set<Node>();
    const observer = new MutationObserver((records) => records.forEach((r) => changed.add(r.target)));
    observer.observe(view.container, { subtree: true, childList: true, characterData: true, attributes: true });
    let text = `${first}Second`;
    for (const word of ' paragraph grows word by word, as streams do.'.split(/(?= )/)) {
      text += word;
      view.rerender(<Markdown text={text} streaming />);
    }
    view.rerender(<Markdown text={text} streaming={false} />);
    observer.takeRecords().forEach((r) => changed.add(r.target));
    observer.disconnect();

    expect(view.container.querySelector('h1')).toBe(heading);
    expect(view.container.querySelector('p')).toBe(paragraph);
    expect(view.container.querySelector('pre')).toBe(code);
    for (const node of changed) {
      for (const closed of [heading, paragraph, code]) expect(closed?.contains(node)).toBe(false);
    }
    // The closed code block was not highlighted again.
    expect(highlightCode.mock.calls.length).toBe(highlighted);
    expect(view.container.querySelectorAll('p')[1]?.textContent).toBe(
      'Second paragraph grows word by word, as streams do.',
    );
  });

  it('shows an open code block in chunks, highlighting only the last one per update', () => {
    let text = 'Intro\n\n```js\n';
    const view = render(<Markdown text={text} streaming />);
    const line = (i: number) => `const value${i} = compute(${i}); // line ${i}\n`;
    let firstChunk: Element | null = null;
    let calls = 0;
    let highlightedChars = 0;
    const updates = 300;
    const perUpdate = 6;
    for (let i = 0; i < updates * perUpdate; i += perUpdate) {
      for (let k = 0; k < perUpdate; k++) text += line(i + k);
      highlightCode.mockClear();
      view.rerender(<Markdown text={text} streaming />);
      calls += highlightCode.mock.calls.length;
      highlightedChars += highlightCode.mock.calls.reduce((sum, [code]) => sum + code.length, 0);
      if (i >= CODE_CHUNK_LINES * 2 && !firstChunk) firstChunk = view.container.querySelector('pre code > span');
    }
    expect(text.length).toBeGreaterThan(64 * 1024);
    const code = view.container.querySelector('pre code') as HTMLElement;
    expect(code.children).toHaveLength((updates * perUpdate) / CODE_CHUNK_LINES);
    expect(firstChunk).not.toBeNull();
    expect(code.firstElementChild).toBe(firstChunk);
    expect(code.firstElementChild?.querySelector('.hljs-keyword')?.textContent).toBe('const');
    // About a chunk's worth per update (one more call when a chunk fills up).
    expect(calls).toBeLessThanOrEqual(updates * 2);
    expect(highlightedChars / updates).toBeLessThan(CODE_CHUNK_LINES * line(1000).length);
    expect(code.textContent).toBe(text.slice('Intro\n\n```js\n'.length, -1));

    // Closed, it is too big to highlight whole: the chunks stay as they are.
    highlightCode.mockClear();
    endStream(view, <Markdown text={`${text}\`\`\``} streaming={false} />);
    expect(view.container.querySelector('pre code > span')).toBe(firstChunk);
    expect(highlightCode.mock.calls.every(([c]) => c.length < 4000)).toBe(true);
  });

  it('shows the last text as soon as the stream ends, before the settling pass', () => {
    const text = '# Done\n\nThe last **words** of the answer.';
    const view = render(<Markdown text={text.slice(0, 10)} streaming />);
    vi.useFakeTimers();
    try {
      view.rerender(<Markdown text={text} streaming={false} />);
      // No timer has run: the full pass has not happened, yet every word is on screen.
      expect(view.container.textContent).toContain('The last words of the answer.');
      act(() => vi.runOnlyPendingTimers());
      expect(view.container.querySelector('strong')?.textContent).toBe('words');
    } finally {
      vi.useRealTimers();
    }
  });

  it('highlights a small code block whole once it closes', () => {
    const text = '```py\n"""a docstring\nover lines"""\nx = 1\n```';
    const view = render(<Markdown text={text.slice(0, -4)} streaming />);
    highlightCode.mockClear();
    endStream(view, <Markdown text={text} streaming={false} />);
    expect(highlightCode.mock.calls.map(([code]) => code)).toEqual(['"""a docstring\nover lines"""\nx = 1']);
    expect(view.container.querySelector('pre code')?.children[0]?.className).toBe('hljs-string');
  });

  it('ends with the same DOM as rendering the whole text at once', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const r = rng(seed);
      const text = randomDocument(r);
      const streamed = streamInto(text, randomCuts(r, text.length, r.pick([1, 5, 30])));
      const html = canonical(streamed.container);
      streamed.unmount();
      const oneShot = render(<Markdown text={text} />);
      expect(html, `seed ${seed}: ${JSON.stringify(text)}`).toBe(canonical(oneShot.container));
      oneShot.unmount();
    }
  });
});

describe('plain-text fallback', () => {
  it('shows a block that is too long as preformatted text with a note', () => {
    const long = 'word '.repeat(8000);
    const { container } = render(<Markdown text={`# Fine\n\n${long}\n\n**after**`} />);
    expect(screen.getByRole('heading', { name: 'Fine' })).toBeTruthy();
    expect(screen.getByText(/too long to format/)).toBeTruthy();
    expect(container.querySelector('pre')?.textContent).toBe(long);
    expect(container.querySelector('strong')?.textContent).toBe('after');
  });

  it('shows nesting that is too deep as text', () => {
    const { container } = render(<Markdown text={`${'> '.repeat(40)}deep`} />);
    expect(screen.getByText(/nested too deeply/)).toBeTruthy();
    expect(container.querySelector('blockquote')).toBeNull();
  });

  it('shows the text when the lexer throws, without crashing', () => {
    vi.spyOn(Lexer.prototype, 'lex').mockImplementation(() => {
      throw new Error('boom');
    });
    const { container } = render(<Markdown text={'# a\n\n<b>b</b>'} />);
    expect(screen.getByText(/could not be formatted/)).toBeTruthy();
    expect(container.querySelector('pre')?.textContent).toBe('# a\n\n<b>b</b>');
  });
});

describe('muted', () => {
  it('renders reasoning the same way, marked as muted', () => {
    const plain = render(<Markdown text="**think**" />);
    const plainClass = (plain.container.firstElementChild as HTMLElement).className;
    plain.unmount();
    const { container } = render(<Markdown text="**think**" muted />);
    const root = container.firstElementChild as HTMLElement;
    expect(root.className).not.toBe(plainClass);
    expect(root.className.startsWith(plainClass)).toBe(true);
    expect(root.querySelector('strong')?.textContent).toBe('think');
  });
});
