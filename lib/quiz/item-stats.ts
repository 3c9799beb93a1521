import type { BankQuestion } from "./bank";
import type { Answers, TestQuestion } from "./grading";

/** One graded attempt as stored: the questions drawn (with their key) and the options chosen. */
export type GradedAttempt = { questions: TestQuestion[]; answers: Answers };

/** The wrong option chosen most often for a question, by its current text. */
export type TopWrongOption = { optionId: string; text: string; count: number };

/** Item analysis of one question of a bank over a set of graded attempts. */
export type QuestionStats = {
  id: string;
  type: BankQuestion["type"];
  prompt: string;
  section: string;
  paragraphId: string | null;
  quote: string;
  needsReview: boolean;
  /** Graded attempts that included the question. */
  attempts: number;
  /** Of those, how many answered it correctly (exactly its correct options). */
  correct: number;
  /** Whole percent correct; null when no attempt included it. */
  percentCorrect: number | null;
  /** Null when nobody chose a wrong option (a multiple-choice answer may be wrong by omission only). */
  topWrong: TopWrongOption | null;
};

/**
 * Per question of the bank, in the bank's order: how many attempts included it, how many answered it
 * correctly, and the wrong option chosen most. Correctness uses each attempt's stored key (what it
 * was graded by); options are matched by id (stable across shuffles) and named by the bank's current
 * text. A tie between wrong options goes to the one listed first in the bank.
 */
export function computeItemStats(bank: BankQuestion[], attempts: Iterable<GradedAttempt>): QuestionStats[] {
  const tallies = new Map(bank.map((q) => [q.id, { attempts: 0, correct: 0, wrong: new Map<string, { text: string; count: number }>() }]));
  for (const attempt of attempts) {
    for (const drawn of attempt.questions) {
      const tally = tallies.get(drawn.id);
      if (!tally) continue;
      const chosen = new Set(attempt.answers[drawn.id] ?? []);
      const key = new Set(drawn.answer);
      tally.attempts += 1;
      if (chosen.size === key.size && [...chosen].every((id) => key.has(id))) tally.correct += 1;
      for (const id of chosen) {
        if (key.has(id)) continue;
        const entry = tally.wrong.get(id) ?? { text: drawn.options.find((o) => o.id === id)?.text ?? id, count: 0 };
        entry.count += 1;
        tally.wrong.set(id, entry);
      }
    }
  }
  return bank.map((question) => {
    const tally = tallies.get(question.id)!;
    let topWrong: TopWrongOption | null = null;
    const order = [...question.options.map((o) => o.id), ...tally.wrong.keys()];
    for (const optionId of new Set(order)) {
      const entry = tally.wrong.get(optionId);
      if (!entry || (topWrong && topWrong.count >= entry.count)) continue;
      topWrong = { optionId, text: question.options.find((o) => o.id === optionId)?.text ?? entry.text, count: entry.count };
    }
    return {
      id: question.id,
      type: question.type,
      prompt: question.prompt,
      section: question.section,
      paragraphId: question.paragraphId,
      quote: question.quote,
      needsReview: question.needsReview,
      attempts: tally.attempts,
      correct: tally.correct,
      percentCorrect: tally.attempts === 0 ? null : Math.round((tally.correct * 100) / tally.attempts),
      topWrong,
    };
  });
}
