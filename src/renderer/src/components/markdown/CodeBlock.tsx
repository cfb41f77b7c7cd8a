import { memo, useMemo } from 'react';
import { useCopy } from '../useCopy';
import { fenceLanguage, highlightCode, knownLanguage } from './highlight';
import styles from './Markdown.module.css';
import { chunkLines } from './text';

/** Lines per chunk of a code block that is still streaming (or too big to highlight whole). */
export const CODE_CHUNK_LINES = 40;
/** A closed block up to this size is highlighted once as a whole (chunks break multi-line tokens). */
export const WHOLE_HIGHLIGHT_MAX_CHARS = 24_000;

function CopyCodeButton({ code }: { code: string }) {
  const [state, copy] = useCopy(code);
  return (
    <span className={styles.copy}>
      <span role="status" className={styles.copyStatus}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? "Couldn't copy; select the code instead." : ''}
      </span>
      <button type="button" className={styles.copyButton} aria-label="Copy code" onClick={copy}>
        Copy
      </button>
    </span>
  );
}

/** One chunk of a chunked block: highlighted once, then skipped while later chunks grow. */
const CodeChunk = memo(function CodeChunk({ text, language }: { text: string; language: string | null }) {
  const html = useMemo(() => (language ? highlightCode(text, language) : null), [text, language]);
  return html === null ? (
    <span className={styles.chunk}>{text}</span>
  ) : (
    // highlight.js escapes the code it is given.
    <span className={styles.chunk} dangerouslySetInnerHTML={{ __html: html }} />
  );
});

/** A whole closed block, highlighted once; without a known language it stays plain. */
function WholeCode({ code, language }: { code: string; language: string | null }) {
  const html = useMemo(() => (language ? highlightCode(code, language) : null), [code, language]);
  return html === null ? (
    <code className="hljs">{code}</code>
  ) : (
    // highlight.js escapes the code it is given.
    <code className={`hljs language-${language}`} dangerouslySetInnerHTML={{ __html: html }} />
  );
}

function ChunkedCode({ code, language }: { code: string; language: string | null }) {
  const chunks = useMemo(() => chunkLines(code, CODE_CHUNK_LINES), [code]);
  return (
    <code className={`hljs${language ? ` language-${language}` : ''}`}>
      {chunks.map((chunk, i) => (
        <CodeChunk key={i} text={chunk} language={language} />
      ))}
    </code>
  );
}

export interface CodeBlockProps {
  code: string;
  /** The fence's info string. */
  info: string | undefined;
  /** Still streaming: the block may grow, so it is shown in chunks. */
  open: boolean;
}

export const CodeBlock = memo(function CodeBlock({ code, info, open }: CodeBlockProps) {
  const label = fenceLanguage(info);
  const language = knownLanguage(info);
  const whole = !open && code.length <= WHOLE_HIGHLIGHT_MAX_CHARS;
  return (
    <div className={styles.codeBlock}>
      <div className={styles.codeHeader}>
        <span className={styles.codeLabel}>{label ?? 'code'}</span>
        <CopyCodeButton code={code} />
      </div>
      {/* Focusable so a block wider than the answer can be scrolled from the keyboard. */}
      <pre className={styles.pre} tabIndex={0}>
        {whole ? <WholeCode code={code} language={language} /> : <ChunkedCode code={code} language={language} />}
      </pre>
    </div>
  );
});

/** Plain text in chunks, for the fallback: a long growing text is not one big text node. */
export const PlainChunks = memo(function PlainChunks({ text }: { text: string }) {
  const chunks = useMemo(() => chunkLines(text, CODE_CHUNK_LINES), [text]);
  return (
    <>
      {chunks.map((chunk, i) => (
        <PlainChunk key={i} text={chunk} />
      ))}
    </>
  );
});

const PlainChunk = memo(function PlainChunk({ text }: { text: string }) {
  return <span className={styles.chunk}>{text}</span>;
});
