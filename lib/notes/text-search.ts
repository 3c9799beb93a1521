/**
 * Matching for 我的笔记's search. Chinese has no spaces between words, so substring matching is the
 * right unit (精准扶贫 finds every note where those four characters stand together); full-width and
 * half-width forms and letter case match each other (NFKC + lower case), as in the site search.
 * Several space-separated words must all occur.
 */
export function normalizeForSearch(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** Splits a query into words; an empty list matches everything. */
export function splitQuery(query: string): string[] {
  return normalizeForSearch(query)
    .split(/\s+/u)
    .filter((word) => word.length > 0);
}

/** Whether every word occurs in at least one of the texts. */
export function matchesQuery(words: string[], texts: string[]): boolean {
  if (words.length === 0) return true;
  const haystack = texts.map(normalizeForSearch).join("\n");
  return words.every((word) => haystack.includes(word));
}
