/**
 * What the user types in the search box, as an FTS5 query that cannot be a syntax error.
 *
 * Each whitespace-separated word becomes a quoted string, so FTS5 operators (AND, OR, NOT, NEAR,
 * column filters, `*`, `^`, parentheses) are plain text; a word with punctuation inside
 * ("foo-bar", "don't") becomes a phrase of its parts, which is what the user meant. The last word
 * matches as a prefix, so results follow along as the user types. Words are ANDed.
 */

/** Letters or digits in any script: a word without them has nothing the tokenizer would index. */
const SEARCHABLE = /[\p{L}\p{N}]/u;

/** The FTS5 MATCH expression for `raw`, or null when there is nothing to search for. */
export function ftsQuery(raw: string): string | null {
  const words = raw.split(/\s+/u).filter((w) => SEARCHABLE.test(w));
  if (words.length === 0) return null;
  return words
    .map((word, i) => {
      const quoted = `"${word.replaceAll('"', '""')}"`;
      return i === words.length - 1 ? `${quoted}*` : quoted;
    })
    .join(' ');
}
