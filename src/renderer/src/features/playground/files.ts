/** Saving and opening files from the renderer, the same way in Electron and in a browser. */

export function downloadText(filename: string, content: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once click() returns; the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The whole file as text; files over `maxBytes` are refused before they are read. */
export async function readFileText(file: File, maxBytes = 50_000_000): Promise<string> {
  if (file.size > maxBytes) {
    throw new Error(
      `${file.name} is ${Math.round(file.size / 1_000_000)} MB; RouterDesk exports are far smaller. Nothing was imported.`,
    );
  }
  return file.text();
}
