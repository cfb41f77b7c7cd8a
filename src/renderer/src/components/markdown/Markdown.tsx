/// <reference types="vite/client" />
/**
 * Chat answers as GitHub-flavoured Markdown, rendered incrementally while they stream.
 *
 * Nothing in an answer becomes markup it did not ask for: raw HTML is shown as text, links are
 * made only for http(s) and mailto, and the only injected HTML is highlight.js output.
 */
import type { Token, Tokens } from 'marked';
import { createElement, Fragment, memo, useDeferredValue, useEffect, useMemo, useState, type ReactNode } from 'react';
import { MarkdownBlocks, type Block, type FallbackReason } from './blocks';
import { CodeBlock, PlainChunks } from './CodeBlock';
import styles from './Markdown.module.css';
import { decodeEntities, safeHref } from './text';

export interface MarkdownProps {
  text: string;
  /** The text is still arriving: finished blocks are kept, only the last one is redone. */
  streaming?: boolean;
  /** Secondary text, such as reasoning. */
  muted?: boolean;
  className?: string;
}

export function Markdown({ text, streaming = false, muted = false, className }: MarkdownProps) {
  const [splitter] = useState(() => new MarkdownBlocks());
  // Under load React may skip intermediate texts rather than render every one.
  const shownText = useDeferredValue(text);
  const shownStreaming = useDeferredValue(streaming);
  // When a stream ends, its last text is painted at once from the streamed blocks, and the full
  // pass that settles them (which re-reads the whole answer) runs just after that paint.
  const [settled, setSettled] = useState(!streaming);
  const [wasStreaming, setWasStreaming] = useState(streaming);
  if (wasStreaming !== streaming) {
    setWasStreaming(streaming);
    if (streaming) setSettled(false);
  }
  useEffect(() => {
    if (shownStreaming || settled) return;
    const timer = setTimeout(() => setSettled(true), 0);
    return () => clearTimeout(timer);
  }, [shownStreaming, settled]);
  const live = shownStreaming || !settled;
  const blocks = useMemo(
    () => (live ? splitter.update(shownText) : splitter.finish(shownText)),
    [splitter, shownText, live],
  );
  const classes = [styles.markdown, muted ? styles.muted : null, live ? styles.streaming : null, className]
    .filter(Boolean)
    .join(' ');
  const segments: Block[][] = [];
  for (let i = 0; i < blocks.length; i += SEGMENT_BLOCKS) segments.push(blocks.slice(i, i + SEGMENT_BLOCKS));
  return (
    <div className={classes}>
      {segments.map((segment, i) => (
        <Segment key={i} blocks={segment} />
      ))}
    </div>
  );
}

/**
 * Blocks are rendered in groups, so an update of a long answer touches one group rather than a
 * fiber per block (React's work per update grew with the number of blocks). While streaming,
 * the browser also skips the layout and paint of groups off screen (see the CSS).
 */
const SEGMENT_BLOCKS = 32;

const Segment = memo(
  function Segment({ blocks }: { blocks: Block[] }) {
    return (
      <div className={styles.segment}>
        {blocks.map((block) => (
          <BlockView key={block.key} block={block} />
        ))}
      </div>
    );
  },
  (before, after) =>
    before.blocks.length === after.blocks.length && before.blocks.every((block, i) => block === after.blocks[i]),
);

/** One top-level block; the splitter hands back the same object while the block is unchanged. */
const BlockView = memo(function BlockView({ block }: { block: Block }) {
  if (block.kind === 'fallback') return <Fallback raw={block.raw} reason={block.reason} />;
  return <BlockToken token={block.token} open={block.open} links={block.links} />;
});

const fallbackNotes: Record<FallbackReason, string> = {
  size: 'This part is too long to format, so it is shown as plain text.',
  depth: 'This part is nested too deeply to format, so it is shown as plain text.',
  error: 'This part could not be formatted, so it is shown as plain text.',
  time: 'This part took too long to format, so it is shown as plain text.',
};

function Fallback({ raw, reason }: { raw: string; reason: FallbackReason }) {
  return (
    <div className={styles.fallback}>
      <p className={styles.fallbackNote}>{fallbackNotes[reason]}</p>
      <pre className={styles.fallbackText}>
        <PlainChunks text={raw} />
      </pre>
    </div>
  );
}

interface BlockProps {
  token: Token;
  /** Part of the block that is still streaming. */
  open: boolean;
  /** Link definitions the inline tokens were resolved with (list items are memoised on it). */
  links: string;
}

function Blocks({ tokens, open, links }: { tokens: Token[]; open: boolean; links: string }) {
  return (
    <>
      {tokens.map((token, i) => (
        <BlockToken key={i} token={token} open={open} links={links} />
      ))}
    </>
  );
}

function BlockToken({ token, open, links }: BlockProps): ReactNode {
  const t = token as Tokens.Generic;
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'heading': {
      const heading = token as Tokens.Heading;
      return createElement(`h${heading.depth}`, { className: styles.heading }, <Inline tokens={heading.tokens} />);
    }
    case 'paragraph':
      return (
        <p className={styles.paragraph}>
          <Inline tokens={(token as Tokens.Paragraph).tokens} />
        </p>
      );
    case 'text': {
      // Text directly in a tight list item.
      const text = token as Tokens.Text;
      return text.tokens ? <Inline tokens={text.tokens} /> : decodeEntities(text.text);
    }
    case 'blockquote':
      return (
        <blockquote className={styles.quote}>
          <Blocks tokens={(token as Tokens.Blockquote).tokens} open={open} links={links} />
        </blockquote>
      );
    case 'list':
      return <List list={token as Tokens.List} open={open} links={links} />;
    case 'code': {
      const code = token as Tokens.Code;
      return <CodeBlock code={code.text} info={code.lang} open={open} />;
    }
    case 'table':
      return <Table table={token as Tokens.Table} />;
    case 'hr':
      return <hr className={styles.rule} />;
    case 'html':
      // Raw HTML is shown, never interpreted.
      return <pre className={styles.html}>{(token as Tokens.HTML).text}</pre>;
    default:
      return typeof t.raw === 'string' ? <p className={styles.paragraph}>{t.raw}</p> : null;
  }
}

function List({ list, open, links }: { list: Tokens.List; open: boolean; links: string }) {
  const items = list.items.map((item, i) => (
    <ListItem key={i} item={item} open={open && i === list.items.length - 1} links={links} />
  ));
  if (!list.ordered) return <ul className={styles.list}>{items}</ul>;
  const start = typeof list.start === 'number' && list.start !== 1 ? list.start : undefined;
  return (
    <ol className={styles.list} start={start}>
      {items}
    </ol>
  );
}

/**
 * A list item. Items of a list that is still streaming are skipped while their source is
 * unchanged (a long list would otherwise redo every item per update).
 */
const ListItem = memo(
  function ListItem({ item, open, links }: { item: Tokens.ListItem; open: boolean; links: string }) {
    if (!item.task) {
      return (
        <li>
          <Blocks tokens={item.tokens} open={open} links={links} />
        </li>
      );
    }
    // The checkbox and the item's first text share a label, so the box is named by the task.
    const [first, ...rest] = withoutCheckbox(item.tokens);
    const label =
      first && (first.type === 'text' || first.type === 'paragraph') ? (
        <label className={styles.taskLabel}>
          <input type="checkbox" className={styles.checkbox} checked={!!item.checked} disabled readOnly />{' '}
          <Inline tokens={(first as Tokens.Text).tokens ?? []} />
        </label>
      ) : null;
    return (
      <li className={styles.task}>
        {label === null ? (
          <>
            <input
              type="checkbox"
              className={styles.checkbox}
              checked={!!item.checked}
              disabled
              readOnly
              aria-label={item.checked ? 'Done' : 'Not done'}
            />
            <Blocks tokens={item.tokens} open={open} links={links} />
          </>
        ) : (
          <>
            {first?.type === 'paragraph' ? <p className={styles.paragraph}>{label}</p> : label}
            <Blocks tokens={rest} open={open} links={links} />
          </>
        )}
      </li>
    );
  },
  (before, after) =>
    before.item === after.item ||
    (before.item.raw === after.item.raw &&
      before.item.loose === after.item.loose &&
      before.open === after.open &&
      before.links === after.links),
);

/** The item's tokens without marked's checkbox token (rendered by the item itself). */
function withoutCheckbox(tokens: Token[]): Token[] {
  return tokens
    .filter((token) => token.type !== 'checkbox')
    .map((token) => {
      const inner = (token as Tokens.Generic).tokens;
      if (!Array.isArray(inner) || !inner.some((t: Token) => t.type === 'checkbox')) return token;
      return { ...token, tokens: inner.filter((t: Token) => t.type !== 'checkbox') } as Token;
    });
}

function Table({ table }: { table: Tokens.Table }) {
  const align = (i: number) => table.align[i] ?? undefined;
  return (
    // Focusable so a table wider than the answer can be scrolled from the keyboard.
    <div className={styles.tableWrap} tabIndex={0} role="group" aria-label="Table">
      <table className={styles.table}>
        <thead>
          <tr>
            {table.header.map((cell, i) => (
              <th key={i} scope="col" style={{ textAlign: align(i) }}>
                <Inline tokens={cell.tokens} />
              </th>
            ))}
          </tr>
        </thead>
        {table.rows.length > 0 ? (
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) => (
                  <td key={i} style={{ textAlign: align(i) }}>
                    <Inline tokens={cell.tokens} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        ) : null}
      </table>
    </div>
  );
}

function Inline({ tokens }: { tokens: Token[] }) {
  return <>{tokens.map((token, i) => inlineToken(token, i))}</>;
}

function inlineToken(token: Token, key: number): ReactNode {
  switch (token.type) {
    case 'text': {
      const text = token as Tokens.Text;
      if (text.tokens) return <Inline key={key} tokens={text.tokens} />;
      // Text inside raw <pre>/<script> tags is left as written, like the tags themselves.
      return <Fragment key={key}>{text.escaped ? text.text : decodeEntities(text.text)}</Fragment>;
    }
    case 'escape':
      return <Fragment key={key}>{(token as Tokens.Escape).text}</Fragment>;
    case 'strong':
      return (
        <strong key={key}>
          <Inline tokens={(token as Tokens.Strong).tokens} />
        </strong>
      );
    case 'em':
      return (
        <em key={key}>
          <Inline tokens={(token as Tokens.Em).tokens} />
        </em>
      );
    case 'del':
      return (
        <del key={key}>
          <Inline tokens={(token as Tokens.Del).tokens} />
        </del>
      );
    case 'codespan':
      return (
        <code key={key} className={styles.inlineCode}>
          {(token as Tokens.Codespan).text}
        </code>
      );
    case 'br':
      return <br key={key} />;
    case 'link': {
      const link = token as Tokens.Link;
      const href = safeHref(link.href);
      const content = <Inline tokens={link.tokens} />;
      if (!href) return <Fragment key={key}>{content}</Fragment>;
      return (
        // The shell sends target="_blank" links to the system browser.
        <a
          key={key}
          className={styles.link}
          href={href}
          title={link.title ?? undefined}
          target="_blank"
          rel="noreferrer noopener"
        >
          {content}
        </a>
      );
    }
    case 'image': {
      // Images are not loaded (no remote requests from an answer); their address is a link.
      const image = token as Tokens.Image;
      const href = safeHref(image.href);
      const alt = decodeEntities(image.text) || 'image';
      if (!href) return <Fragment key={key}>{alt}</Fragment>;
      return (
        <a
          key={key}
          className={styles.link}
          href={href}
          title={image.title ?? undefined}
          target="_blank"
          rel="noreferrer noopener"
        >
          {`Image: ${alt}`}
        </a>
      );
    }
    case 'html':
      // Inline tags are shown as the text they are.
      return <Fragment key={key}>{(token as Tokens.Tag).text}</Fragment>;
    case 'checkbox':
      return (
        <input
          key={key}
          type="checkbox"
          className={styles.checkbox}
          checked={(token as Tokens.Checkbox).checked}
          disabled
          readOnly
          aria-label={(token as Tokens.Checkbox).checked ? 'Done' : 'Not done'}
        />
      );
    default: {
      const raw = (token as Tokens.Generic).raw;
      return typeof raw === 'string' ? <Fragment key={key}>{raw}</Fragment> : null;
    }
  }
}
