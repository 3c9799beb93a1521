import "server-only";
import { randomBytes } from "node:crypto";
import { toAuditRow, type AuditAction, type AuditDetail } from "@/lib/audit";
import { getMaterial, refreshPublishedMaterials } from "@/lib/content";
import { getDb } from "@/lib/db";
import { checkQuestionDraft, checkQuizSettings, findParagraph, type FieldErrors, type QuestionDraft, type SectionChoice } from "@/lib/quiz/authoring";
import { toBankQuestion, type QuestionType } from "@/lib/quiz/bank";
import { DEFAULT_QUIZ_SETTINGS, toQuestionInput, toStoredColumns, type PublishedQuiz, type QuizSettings } from "@/lib/quiz/published";
import type { QuizQuestionInput } from "@/lib/quiz/schema";
import { MaterialStoreError } from "./errors";
import { renderMarkdown } from "@/lib/content/markdown";
import { prepareMaterial, type MaterialText } from "./prepare";
import { getManagedMaterial, type Db, type MaterialActor, type PublishedMaterialView } from "./read";

/*
 * Self-test questions of published materials, written from /admin/materials/<slug>/quiz by the
 * material's managers (the same rule as revising it: lib/materials/permissions.ts). Each write is one
 * batch of single statements — the row, the shared MaterialsVersion bump (every instance reloads the
 * bank within seconds, as for a revision) and its audit row (ids and counts, no text). Only the current
 * text of a question is kept.
 */

/** A question write refused: bad input (Chinese messages per field) or a question that is gone. */
export class QuizAuthoringError extends Error {
  constructor(
    readonly code: "invalid" | "question-not-found",
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(code === "invalid" ? "请检查填写的内容" : "没有找到这道题，可能已被删除");
    this.name = "QuizAuthoringError";
  }
}

export type QuizAdminQuestion = {
  id: string;
  type: QuestionType;
  prompt: string;
  sectionSlug: string;
  sectionTitle: string | null;
  /** The stored quote: shown as the old quote of a question under review. */
  quote: string;
  /** The stored paragraph id and, anchored to the current text, where the quote is now (null: 需复核). */
  paragraphId: string;
  currentParagraphId: string | null;
  needsReview: boolean;
  input: QuizQuestionInput;
};

export type QuizAdminView = {
  slug: string;
  title: string;
  archived: boolean;
  revision: number;
  settings: QuizSettings;
  questions: QuizAdminQuestion[];
  /** The current revision's sections and paragraphs, for the paragraph select. */
  sections: SectionChoice[];
};

function isRecordMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}

function bumpMaterialsVersion(db: Db, now: Date) {
  return db.materialsVersion.upsert({ where: { id: 1 }, create: { id: 1, version: 1, updatedAt: now }, update: { version: { increment: 1 }, updatedAt: now } });
}

function auditRow(db: Db, actor: MaterialActor, action: AuditAction, slug: string, detail: AuditDetail) {
  return db.auditLog.create({ data: toAuditRow({ action, actor, targetType: "material", targetId: slug, detail }) });
}

/** The material's current sections as the editor offers them (the reading side's paragraphs and ids). */
async function currentSections(slug: string): Promise<SectionChoice[]> {
  // Forced: a revision stored by another instance a moment ago must be what the question is checked against.
  await refreshPublishedMaterials({ force: true });
  const material = getMaterial(slug);
  return (material?.sections ?? []).map((s) => ({ slug: s.slug, title: s.title, paragraphs: s.paragraphs.map(({ id, text }) => ({ id, text })) }));
}

async function readQuiz(db: Db, slug: string): Promise<PublishedQuiz> {
  const [settings, rows] = await Promise.all([
    db.publishedQuiz.findUnique({ where: { materialSlug: slug }, select: { passPercent: true, questionsPerTest: true, hours: true } }),
    db.publishedQuestion.findMany({
      where: { materialSlug: slug },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, type: true, prompt: true, options: true, answer: true, explanation: true, sectionSlug: true, paragraphId: true, quote: true },
    }),
  ]);
  return { settings: settings ?? DEFAULT_QUIZ_SETTINGS, questions: rows.flatMap((row) => toQuestionInput(slug, row) ?? []) };
}

/**
 * A published material's stored quiz (settings and questions). It checks nobody, like
 * getPublishedMaterial: the caller has checked that the actor manages the material.
 */
export async function readStoredQuiz(slug: string): Promise<PublishedQuiz> {
  return readQuiz(await getDb(), slug);
}

/** A material the actor manages and may still change (not archived). */
async function getWritableMaterial(db: Db, actor: MaterialActor, slug: string) {
  const material = await getManagedMaterial(db, actor, slug);
  if (material.status === "ARCHIVED") throw new MaterialStoreError("archived", slug);
  return material;
}

/** The quiz page's data: settings, questions with their status against the current text, and the sections. */
export async function getQuizAdminView(actor: MaterialActor, slug: string): Promise<QuizAdminView> {
  const db = await getDb();
  const material = await getManagedMaterial(db, actor, slug);
  const [quiz, sections] = await Promise.all([readQuiz(db, slug), currentSections(slug)]);
  const questions = quiz.questions.map((input): QuizAdminQuestion => {
    const section = sections.find((s) => s.slug === input.section);
    const anchored = toBankQuestion(input, section?.paragraphs ?? []);
    return {
      id: input.id, type: input.type, prompt: input.prompt, sectionSlug: input.section, sectionTitle: section?.title ?? null,
      quote: input.quote, paragraphId: input.paragraph, currentParagraphId: anchored.paragraphId, needsReview: anchored.needsReview, input,
    };
  });
  return { slug, title: material.title, archived: material.status === "ARCHIVED", revision: material.revision, settings: quiz.settings, questions, sections };
}

/** Saves the material's quiz settings (及格线, 每次抽题数, 学时). */
export async function saveQuizSettings(actor: MaterialActor, slug: string, form: { passPercent: string; questionsPerTest: string; hours: string }): Promise<QuizSettings> {
  const db = await getDb();
  await getWritableMaterial(db, actor, slug);
  const checked = checkQuizSettings(form);
  if (!checked.ok) throw new QuizAuthoringError("invalid", checked.fieldErrors);
  const now = new Date();
  const data = { ...checked.value, updatedById: actor.id, updatedAt: now };
  await db.$transaction([
    db.publishedQuiz.upsert({ where: { materialSlug: slug }, create: { materialSlug: slug, ...data }, update: data }),
    bumpMaterialsVersion(db, now),
    auditRow(db, actor, "quiz.settings.update", slug, { ...checked.value }),
  ]);
  await refreshPublishedMaterials({ force: true });
  return checked.value;
}

function newQuestionId(): string {
  return `q-${randomBytes(5).toString("hex")}`;
}

/** Adds a question; returns its id. */
export async function createQuestion(actor: MaterialActor, slug: string, draft: QuestionDraft): Promise<string> {
  const db = await getDb();
  await getWritableMaterial(db, actor, slug);
  const checked = checkQuestionDraft(draft, newQuestionId(), await currentSections(slug));
  if (!checked.ok) throw new QuizAuthoringError("invalid", checked.fieldErrors);
  const now = new Date();
  const question = checked.value;
  await db.$transaction([
    db.publishedQuestion.create({ data: { materialSlug: slug, id: question.id, ...toStoredColumns(question), createdById: actor.id, createdAt: now, updatedById: actor.id, updatedAt: now } }),
    bumpMaterialsVersion(db, now),
    auditRow(db, actor, "quiz.question.create", slug, { question: question.id }),
  ]);
  await refreshPublishedMaterials({ force: true });
  return question.id;
}

/** Replaces a question's text, answer and paragraph; its id (which attempts refer to) stays. */
export async function updateQuestion(actor: MaterialActor, slug: string, id: string, draft: QuestionDraft): Promise<void> {
  const db = await getDb();
  await getWritableMaterial(db, actor, slug);
  const checked = checkQuestionDraft(draft, id, await currentSections(slug));
  if (!checked.ok) throw new QuizAuthoringError("invalid", checked.fieldErrors);
  await writeQuestion(db, actor, slug, id, "quiz.question.update", toStoredColumns(checked.value));
}

/**
 * 确认无误: the question stands as written, about this paragraph of the current text; the quote is
 * the one typed (checked to be in it) or the paragraph's first sentence. Lifts 需复核.
 */
export async function confirmQuestion(actor: MaterialActor, slug: string, id: string, form: { paragraph: string; quote: string }): Promise<void> {
  const db = await getDb();
  await getWritableMaterial(db, actor, slug);
  const current = (await readQuiz(db, slug)).questions.find((q) => q.id === id);
  if (!current) throw new QuizAuthoringError("question-not-found");
  const sections = await currentSections(slug);
  const anchor = findParagraph(sections, form.paragraph);
  const draft: QuestionDraft = {
    type: current.type, prompt: current.prompt, explanation: current.explanation, paragraph: form.paragraph, quote: form.quote,
    options: current.type === "true-false" ? [] : current.options,
    correct: current.type === "true-false" ? [] : current.type === "single" ? [current.answer] : current.answer,
    truth: current.type === "true-false" ? String(current.answer) : undefined,
  };
  const checked = checkQuestionDraft(draft, id, sections);
  if (!checked.ok || !anchor) throw new QuizAuthoringError("invalid", checked.ok ? { paragraph: ["请选择这道题依据的段落"] } : checked.fieldErrors);
  await writeQuestion(db, actor, slug, id, "quiz.question.confirm", { paragraphId: checked.value.paragraph, quote: checked.value.quote, sectionSlug: checked.value.section });
}

async function writeQuestion(db: Db, actor: MaterialActor, slug: string, id: string, action: AuditAction, data: Record<string, string>): Promise<void> {
  const now = new Date();
  try {
    await db.$transaction([
      db.publishedQuestion.update({ where: { materialSlug_id: { materialSlug: slug, id } }, data: { ...data, updatedById: actor.id, updatedAt: now } }),
      bumpMaterialsVersion(db, now),
      auditRow(db, actor, action, slug, { question: id }),
    ]);
  } catch (error) {
    if (isRecordMissing(error)) throw new QuizAuthoringError("question-not-found");
    throw error;
  }
  await refreshPublishedMaterials({ force: true });
}

/** Deletes a question; attempts that drew it keep their own copy. */
export async function deleteQuestion(actor: MaterialActor, slug: string, id: string): Promise<void> {
  const db = await getDb();
  await getWritableMaterial(db, actor, slug);
  const now = new Date();
  try {
    await db.$transaction([
      db.publishedQuestion.delete({ where: { materialSlug_id: { materialSlug: slug, id } } }),
      bumpMaterialsVersion(db, now),
      auditRow(db, actor, "quiz.question.delete", slug, { question: id }),
    ]);
  } catch (error) {
    if (isRecordMissing(error)) throw new QuizAuthoringError("question-not-found");
    throw error;
  }
  await refreshPublishedMaterials({ force: true });
}

/**
 * For the revision preview: how many of the material's questions now anchored would be 需复核 after
 * this text (their quote nowhere in their section any more). One read of the questions, and the
 * same rendering the preview's diff does.
 */
export async function countQuestionsNewlyUnderReview(current: Pick<PublishedMaterialView, "slug" | "sections" | "order">, text: MaterialText): Promise<number> {
  const { questions } = await readStoredQuiz(current.slug);
  if (questions.length === 0) return 0;
  const before = new Map(current.sections.map((s) => [s.slug, renderMarkdown(s.body).paragraphs]));
  const after = new Map(prepareMaterial({ ...text, order: text.order ?? current.order }).sections.map((s) => [s.slug, s.paragraphs]));
  return questions.filter((q) => !toBankQuestion(q, before.get(q.section) ?? []).needsReview && toBankQuestion(q, after.get(q.section) ?? []).needsReview).length;
}
