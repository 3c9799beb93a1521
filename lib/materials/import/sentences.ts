// Sentence boundaries in Chinese prose: after 。！？ (and ! ?), with the closing quotes or brackets
// that follow kept on the sentence they close. ASCII quotes are left alone (they open as often as
// they close), and so are …… and ；, which end clauses far more often than sentences here.
const SENTENCE = /[^。！？!?]*[。！？!?]+[”’」』）)\]]*|[^。！？!?]+$/gu;

/** Splits one line into sentences; joined together they give back the line exactly. */
export function splitSentences(text: string): string[] {
  return (text.match(SENTENCE) ?? []).filter((sentence) => sentence.length > 0);
}

/** Whether text ends like a sentence or clause (so it is not a heading line). */
export function endsSentence(text: string): boolean {
  return /[。！？!?；;：:][”’」』）)\]]*$/u.test(text.trim());
}
