import "server-only";
import { notFound } from "next/navigation";
import { slugSchema } from "@/lib/content/schema";
import { firstSentence, type SectionChoice } from "@/lib/quiz/authoring";
import type { QuizQuestionInput } from "@/lib/quiz/schema";
import { MaterialStoreError } from "./errors";
import { getQuizAdminView, type QuizAdminView } from "./quiz-store";
import type { MaterialActor } from "./read";

// For the 自测题 pages under /admin/materials/<slug>/quiz: what they show, and 404s as the other management pages give them.

const OPENING = 24;

/** The quiz page data if the actor manages the material; a 404 otherwise (another subtree's like a missing one). */
export async function getQuizPageData(actor: MaterialActor, slug: string): Promise<QuizAdminView> {
  if (!slugSchema.safeParse(slug).success) notFound();
  try {
    return await getQuizAdminView(actor, slug);
  } catch (error) {
    if (error instanceof MaterialStoreError) notFound();
    throw error;
  }
}

/** The current text's paragraphs for the select: numbered per section, with their opening words and default quote. */
export function toParagraphGroups(sections: SectionChoice[]) {
  return sections.map((section) => ({
    title: section.title,
    paragraphs: section.paragraphs.map((p, index) => ({
      value: `${section.slug}#${p.id}`,
      label: `第 ${index + 1} 段：${p.text.length > OPENING ? `${p.text.slice(0, OPENING)}…` : p.text}`,
      quote: firstSentence(p.text),
    })),
  }));
}

/** A stored question as the editor form's starting values. */
export function toQuestionFormValues(q: QuizQuestionInput, paragraphId: string | null): Record<string, string> {
  const values: Record<string, string> = {
    type: q.type, prompt: q.prompt, explanation: q.explanation, quote: q.quote,
    paragraph: paragraphId ? `${q.section}#${paragraphId}` : "",
  };
  if (q.type === "true-false") values.truth = String(q.answer);
  else {
    for (const option of q.options) values[`option-${option.id}`] = option.text;
    values.correct = (q.type === "single" ? [q.answer] : q.answer).join(",");
  }
  return values;
}
