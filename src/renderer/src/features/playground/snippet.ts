/** A search snippet from the core, split at its \u0001 … \u0002 match markers. */
export function snippetParts(snippet: string): Array<{ text: string; match: boolean }> {
  const parts: Array<{ text: string; match: boolean }> = [];
  let match = false;
  let text = '';
  for (const ch of snippet) {
    if (ch === '\u0001' || ch === '\u0002') {
      if (text) parts.push({ text, match });
      text = '';
      match = ch === '\u0001';
      continue;
    }
    text += ch;
  }
  if (text) parts.push({ text, match });
  return parts;
}
