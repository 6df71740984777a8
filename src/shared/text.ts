/**
 * Text clean-up shared by the widgets (for counters) and the server (before storing):
 * NFC, no control characters other than line breaks and tabs, CRLF folded to LF.
 * The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) go too: in
 * visitor text they only ever spoof ("gnp.exe" shown as "exe.png") or reorder what follows them on
 * another visitor's or the owner's page. The marks right-to-left writers type (U+200E, U+200F,
 * U+061C) stay.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function cleanText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}

/** One line: also folds line breaks and tabs into single spaces. */
export function cleanLine(value: string): string {
  return cleanText(value).replace(/\s+/g, ' ');
}

/** Length as a person counts it (code points, not UTF-16 units). */
export function textLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}
