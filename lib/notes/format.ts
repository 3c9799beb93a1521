/** A note body as lines: line breaks kept, runs of blank lines collapsed to one, trailing blanks dropped. */
export function toLines(text: string): string[] {
  return text
    .replace(/\r\n?/gu, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/u, ""))
    .filter((line, i, all) => line !== "" || (i > 0 && all[i - 1] !== ""))
    .join("\n")
    .trim()
    .split("\n");
}

/** Splits text into plain and highlighted pieces; overlapping ranges merge into one highlight. */
export function splitByRanges(text: string, ranges: Array<{ start: number; end: number }>): Array<{ text: string; marked: boolean }> {
  const sorted = ranges
    .map((r) => ({ start: Math.max(0, r.start), end: Math.min(text.length, r.end) }))
    .filter((r) => r.start < r.end)
    .sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  const pieces: Array<{ text: string; marked: boolean }> = [];
  let at = 0;
  for (const range of merged) {
    if (range.start > at) pieces.push({ text: text.slice(at, range.start), marked: false });
    pieces.push({ text: text.slice(range.start, range.end), marked: true });
    at = range.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}
