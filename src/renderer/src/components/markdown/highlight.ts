/**
 * Syntax highlighting with highlight.js core and a curated set of languages (the full build
 * weighs ~1 MB). Its output escapes the code, so it is the one HTML this module injects.
 * No auto-detection: it tries every grammar (20-35 ms for 2 KB) and takes prose or JSON for CSS.
 */
import core from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// An instance of our own: nothing else in the app can reconfigure it.
const hljs = core.newInstance();

const languages = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  kotlin,
  markdown,
  php,
  python,
  ruby,
  rust,
  // hljs's "shell" is a console session ("$ " prompts); a ```shell block is usually a script.
  console: shell,
  sql,
  swift,
  typescript,
  xml,
  yaml,
};
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);
hljs.registerAliases(['shell', 'sh', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['golang'], { languageName: 'go' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });

/** The first word of a fence's info string, as people write it: "ts", "Python", "js title=x". */
export function fenceLanguage(info: string | undefined): string | null {
  const word = info?.trim().split(/\s+/, 1)[0]?.toLowerCase();
  return word ? word : null;
}

const canonical = new Map<string, string | null>();

/** The registered language for a fence's info string, or null (then the code stays plain). */
export function knownLanguage(info: string | undefined): string | null {
  const word = fenceLanguage(info);
  if (!word) return null;
  let name = canonical.get(word);
  if (name === undefined) {
    const language = hljs.getLanguage(word);
    // getLanguage resolves aliases; the canonical name labels the <code> element.
    name = language ? (hljs.listLanguages().find((n) => hljs.getLanguage(n) === language) ?? word) : null;
    canonical.set(word, name);
  }
  return name;
}

/** Highlighted HTML for code in a registered language. */
export function highlightCode(code: string, language: string): string {
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
