// Self-test questions of published materials, authored from the browser (lib/materials/quiz-store.ts),
// and the bank getQuizBank builds from them. Account fixture:
//   省局 ROOT ─ 甲处 A (adminA, readerA) ─ 甲处一科 A1 (readerA1);  乙处 B (adminB, readerB)
import { describe, expect, it, vi } from "vitest";
import type { ImportedSection } from "@/lib/materials/import";
import type { QuestionDraft } from "@/lib/quiz/authoring";
import { UNITS, actorOf } from "../admin/fixtures";
import { paragraph as p, usePublishingFixture } from "./fixture";

vi.mock("next/headers", () => import("../helpers/next-request"));

usePublishingFixture();

const SECTIONS: ImportedSection[] = [
  { slug: "intro", title: "导言", paragraphs: [p("学习贯彻全会精神，推动基层治理现代化。"), p("坚持和发展新时代枫桥经验。")] },
  { slug: "part-1", title: "第一部分", paragraphs: [p("一是健全矛盾纠纷多元化解机制。"), p("二是完善网格化管理服务。")] },
];
const SLUG = "governance";

async function lib() {
  const [{ getDb }, store, quizStore, content, quiz, attempts, errors] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/materials/store"),
    import("@/lib/materials/quiz-store"),
    import("@/lib/content"),
    import("@/lib/quiz"),
    import("@/lib/quiz/attempts"),
    import("@/lib/materials/errors"),
  ]);
  return { db: await getDb(), ...store, ...quizStore, ...content, ...quiz, ...attempts, ...errors };
}

/** Publishes the material for 甲处 (managed by adminA, not by adminB). */
async function publish() {
  const { publishMaterial } = await lib();
  await publishMaterial(actorOf("sysA"), { slug: SLUG, title: "基层治理学习", audienceUnitId: UNITS.a.id, sections: SECTIONS });
}

/** The select value of the n-th paragraph of a section in the current text. */
async function paragraphValue(section: string, index: number) {
  const { getSection } = await lib();
  return `${section}#${getSection(SLUG, section)!.section.paragraphs[index]!.id}`;
}

async function singleDraft(overrides: Partial<QuestionDraft> = {}): Promise<QuestionDraft> {
  return {
    type: "single",
    prompt: "化解矛盾纠纷要健全什么机制？",
    explanation: "原文：一是健全矛盾纠纷多元化解机制。",
    options: [{ id: "a", text: "多元化解机制" }, { id: "b", text: "单一调解机制" }],
    correct: ["a"],
    paragraph: await paragraphValue("part-1", 0),
    quote: "多元化解机制",
    ...overrides,
  };
}

async function trueFalseDraft(): Promise<QuestionDraft> {
  return {
    type: "true-false",
    prompt: "“完善网格化管理服务”是原文提出的要求。",
    explanation: "原文：二是完善网格化管理服务。",
    options: [],
    correct: [],
    truth: "true",
    paragraph: await paragraphValue("part-1", 1),
    quote: "完善网格化管理服务",
  };
}

/** Every row a question write touches, to check that a refusal left nothing behind. */
async function rows() {
  const { db } = await lib();
  return Promise.all([db.publishedQuestion.findMany({ orderBy: { id: "asc" } }), db.publishedQuiz.findMany(), db.materialsVersion.findMany(), db.auditLog.count()]);
}

describe("authoring questions of a published material", () => {
  it("adds, edits and deletes questions, each bumping the shared version and audited without the text", async () => {
    await publish();
    const { createQuestion, updateQuestion, deleteQuestion, saveQuizSettings, getQuizBank, getMaterialsVersion, getQuizAdminView, db } = await lib();
    const admin = actorOf("adminA");
    expect(getQuizBank(SLUG)).toBeUndefined();
    const version = await getMaterialsVersion();
    const single = await createQuestion(admin, SLUG, await singleDraft());
    const truth = await createQuestion(admin, SLUG, await trueFalseDraft());
    expect(await getMaterialsVersion()).toBe(version + 2);
    expect(single).toMatch(/^q-[0-9a-f]{10}$/);

    const bank = getQuizBank(SLUG)!;
    expect(bank).toMatchObject({ materialSlug: SLUG, passPercent: 80, questionsPerTest: 5, hours: 0 });
    expect(bank.questions.map((q) => [q.id, q.type, q.answer, q.needsReview])).toEqual([
      [single, "single", ["a"], false],
      [truth, "true-false", ["t"], false],
    ]);

    // The quote defaults to the paragraph's first sentence; the id never changes.
    await updateQuestion(admin, SLUG, single, await singleDraft({ type: "multiple", options: [{ id: "a", text: "多元化解" }, { id: "b", text: "网格化管理" }, { id: "d", text: "层层加码" }], correct: ["a", "b"], quote: "" }));
    const edited = getQuizBank(SLUG)!.questions.find((q) => q.id === single)!;
    expect(edited).toMatchObject({ type: "multiple", answer: ["a", "b"], quote: "一是健全矛盾纠纷多元化解机制。", needsReview: false });
    expect(edited.options.map((o) => o.id)).toEqual(["a", "b", "d"]);

    await saveQuizSettings(admin, SLUG, { passPercent: "60", questionsPerTest: "2", hours: "1.5" });
    expect(getQuizBank(SLUG)).toMatchObject({ passPercent: 60, questionsPerTest: 2, hours: 1.5 });
    expect((await getQuizAdminView(admin, SLUG)).settings).toEqual({ passPercent: 60, questionsPerTest: 2, hours: 1.5 });

    await deleteQuestion(admin, SLUG, truth);
    expect(getQuizBank(SLUG)!.questions.map((q) => q.id)).toEqual([single]);
    await deleteQuestion(admin, SLUG, single);
    expect(getQuizBank(SLUG)).toBeUndefined();

    const audit = await db.auditLog.findMany({ where: { action: { startsWith: "quiz." } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["quiz.question.create", "quiz.question.create", "quiz.question.update", "quiz.settings.update", "quiz.question.delete", "quiz.question.delete"]);
    expect(audit.every((a) => a.targetType === "material" && a.targetId === SLUG && a.actorId === admin.id)).toBe(true);
    for (const row of audit) expect(row.detail).not.toMatch(/机制|网格|原文/u);
  });

  it("refuses a reader and a unit administrator of another subtree, storing nothing", async () => {
    await publish();
    const { createQuestion, updateQuestion, deleteQuestion, saveQuizSettings, getQuizAdminView, MaterialStoreError } = await lib();
    const id = await createQuestion(actorOf("adminA"), SLUG, await singleDraft());
    const draft = await singleDraft();
    const before = await rows();
    for (const [who, code] of [["readerA1", "forbidden"], ["adminB", "audience-outside-scope"]] as const) {
      const actor = actorOf(who);
      for (const attempt of [
        () => createQuestion(actor, SLUG, draft),
        () => updateQuestion(actor, SLUG, id, draft),
        () => deleteQuestion(actor, SLUG, id),
        () => saveQuizSettings(actor, SLUG, { passPercent: "50", questionsPerTest: "1", hours: "1" }),
        () => getQuizAdminView(actor, SLUG),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ name: MaterialStoreError.name, code });
      }
    }
    expect(await rows()).toEqual(before);
  });

  it("refuses bad input with Chinese messages per field, storing nothing", async () => {
    await publish();
    const { createQuestion, updateQuestion, saveQuizSettings, QuizAuthoringError } = await lib();
    const admin = actorOf("adminA");
    const id = await createQuestion(admin, SLUG, await singleDraft());
    const before = await rows();
    const cases: Array<[Partial<QuestionDraft>, Record<string, string[]>]> = [
      [{ prompt: "  " }, { prompt: ["请填写题干"] }],
      [{ prompt: "题".repeat(501) }, { prompt: ["题干不能超过 500 个字"] }],
      [{ quote: "完善网格化管理服务" }, { quote: ["引文必须是所选段落中的原文，一字不差；留空则使用该段的第一句"] }],
      [{ correct: ["a", "b"] }, { answer: ["单选题请勾选一个（且只勾选一个）正确答案"] }],
      [{ correct: [] }, { answer: ["单选题请勾选一个（且只勾选一个）正确答案"] }],
      [{ options: [{ id: "a", text: "多元化解机制" }] }, { options: ["单选题至少要有 2 个选项"] }],
      [{ type: "multiple", correct: ["a"] }, { options: ["多选题至少要有 3 个选项"] }],
      [{ correct: ["c"] }, { answer: ["正确答案必须是已填写的选项"] }],
      [{ paragraph: "part-1#p-0000000000" }, { paragraph: ["请选择这道题依据的段落（从当前版本的段落中选择）"] }],
      [{ type: "essay" }, { type: ["请选择题型"] }],
      [{ explanation: "" }, { explanation: ["请填写答案解析"] }],
    ];
    for (const [overrides, fieldErrors] of cases) {
      const draft = await singleDraft(overrides);
      await expect(createQuestion(admin, SLUG, draft), JSON.stringify(overrides)).rejects.toMatchObject({ name: QuizAuthoringError.name, code: "invalid", fieldErrors });
      await expect(updateQuestion(admin, SLUG, id, draft)).rejects.toMatchObject({ code: "invalid", fieldErrors });
    }
    await expect(updateQuestion(admin, SLUG, "q-gone", await singleDraft())).rejects.toMatchObject({ code: "question-not-found" });
    await expect(saveQuizSettings(admin, SLUG, { passPercent: "0", questionsPerTest: "51", hours: "0.3" })).rejects.toMatchObject({
      fieldErrors: { passPercent: ["及格线请填写 1 到 100 之间的整数（百分比）"], questionsPerTest: ["每次抽题数不能超过 50"], hours: ["学时须为 0.5 的整数倍"] },
    });
    await expect(saveQuizSettings(admin, SLUG, { passPercent: "八十", questionsPerTest: "0", hours: "-1" })).rejects.toMatchObject({
      fieldErrors: { passPercent: expect.any(Array), questionsPerTest: ["每次抽题数至少为 1"], hours: ["学时须为不小于 0 的数"] },
    });
    expect(await rows()).toEqual(before);
  });
});

describe("需复核 after a revision", () => {
  it("flags a question whose quote the revision removed, keeps it out of tests, and 确认无误 re-anchors it", async () => {
    await publish();
    const { createQuestion, confirmQuestion, reviseMaterial, getQuizBank, getQuizAdminView, QuizAuthoringError } = await lib();
    const admin = actorOf("adminA");
    const kept = await createQuestion(admin, SLUG, await singleDraft());
    const flagged = await createQuestion(admin, SLUG, await trueFalseDraft());
    const revision = {
      title: "基层治理学习",
      sections: [SECTIONS[0]!, { slug: "part-1", title: "第一部分", paragraphs: [p("一是健全矛盾纠纷多元化解机制。"), p("二是加强基层网格员队伍建设。")] }],
    };
    // The revision preview tells how many questions it would put under review.
    const { countQuestionsNewlyUnderReview, getPublishedMaterial } = await lib();
    expect(await countQuestionsNewlyUnderReview((await getPublishedMaterial(SLUG))!, revision)).toBe(1);
    expect(await countQuestionsNewlyUnderReview((await getPublishedMaterial(SLUG))!, { title: "基层治理学习", sections: SECTIONS })).toBe(0);
    await reviseMaterial(admin, SLUG, revision);
    const bank = getQuizBank(SLUG)!;
    expect(bank.questions.map((q) => [q.id, q.needsReview])).toEqual([[kept, false], [flagged, true]]);
    const view = await getQuizAdminView(admin, SLUG);
    expect(view.questions.find((q) => q.id === flagged)).toMatchObject({ needsReview: true, quote: "完善网格化管理服务", currentParagraphId: null });

    // Confirming needs a quote found in the chosen paragraph of the current text.
    const newParagraph = await paragraphValue("part-1", 1);
    await expect(confirmQuestion(admin, SLUG, flagged, { paragraph: newParagraph, quote: "完善网格化管理服务" })).rejects.toMatchObject({ name: QuizAuthoringError.name, fieldErrors: { quote: [expect.stringContaining("原文")] } });
    await confirmQuestion(admin, SLUG, flagged, { paragraph: newParagraph, quote: "" });
    const confirmed = getQuizBank(SLUG)!.questions.find((q) => q.id === flagged)!;
    expect(confirmed).toMatchObject({ needsReview: false, quote: "二是加强基层网格员队伍建设。", paragraphId: newParagraph.split("#")[1] });
    // The question itself is unchanged.
    expect(confirmed).toMatchObject({ type: "true-false", answer: ["t"], prompt: "“完善网格化管理服务”是原文提出的要求。" });
  });
});

describe("a test of a published material", () => {
  it("opens from the database bank, leaves 需复核 questions out, and grades with the stored key", async () => {
    await publish();
    const { db, createQuestion, saveQuizSettings, getSection, getTestEligibility, openTest, submitTest, getMyAttempt } = await lib();
    const { insertSectionProgress } = await import("../helpers/progress");
    const admin = actorOf("adminA");
    const reader = actorOf("readerA1");
    await db.assignment.create({ data: { materialSlug: SLUG, unitId: UNITS.a.id, startDate: "2026-01-01", dueDate: "2099-12-31" } });
    expect(await getTestEligibility(reader, SLUG)).toMatchObject({ ok: false, code: "no_test" });
    const single = await createQuestion(admin, SLUG, await singleDraft());
    const truth = await createQuestion(admin, SLUG, await trueFalseDraft());
    await saveQuizSettings(admin, SLUG, { passPercent: "100", questionsPerTest: "5", hours: "2" });
    expect(await getTestEligibility(reader, SLUG)).toMatchObject({ ok: false, code: "not_read" });
    for (const slug of ["intro", "part-1"]) await insertSectionProgress(db, reader.id, SLUG, getSection(SLUG, slug)!.section, new Date("2026-06-01T08:00:00Z"));
    expect(await getTestEligibility(reader, SLUG)).toMatchObject({ ok: true });

    const attemptId = await openTest(reader, SLUG);
    const open = await getMyAttempt(reader, SLUG, attemptId);
    expect(open?.state).toBe("open");
    expect(open?.state === "open" && open.questions.map((q) => q.id).sort()).toEqual([single, truth].sort());
    const grade = await submitTest(reader, attemptId, { [single]: ["a"], [truth]: ["t"] });
    expect(grade).toMatchObject({ correct: 2, total: 2, passed: true, materialSlug: SLUG });

    // Item analysis, 学习档案 and certificates read the same bank (its questions, its 学时).
    const [{ listItemAnalysisMaterials, getItemAnalysis }, { getMyRecord }, { issueMyCertificate }] = await Promise.all([
      import("@/lib/quiz/item-analysis"),
      import("@/lib/quiz/record"),
      import("@/lib/certificates"),
    ]);
    expect((await listItemAnalysisMaterials(admin)).map((m) => m.slug)).toContain(SLUG);
    expect(await getItemAnalysis(admin, UNITS.a.id, SLUG)).toMatchObject({ attempts: 1, readers: 1, questions: null });
    const record = (await getMyRecord(reader.id)).flatMap((year) => year.entries);
    expect(record.find((m) => m.materialSlug === SLUG)).toMatchObject({ hours: 2 });
    expect(await issueMyCertificate(reader.id, SLUG)).toMatchObject({ hours: 2 });
  });

  it("sees another instance's question once the shared version moves", async () => {
    await publish();
    const { db, getQuizBank, getSection, refreshPublishedMaterials } = await lib();
    expect(getQuizBank(SLUG)).toBeUndefined();
    const paragraph = getSection(SLUG, "intro")!.section.paragraphs[1]!;
    await db.$transaction([
      db.publishedQuestion.create({
        data: {
          materialSlug: SLUG, id: "elsewhere", type: "true-false", prompt: "原文提到枫桥经验。", options: "[]", answer: "true",
          explanation: "见导言。", sectionSlug: "intro", paragraphId: paragraph.id, quote: "枫桥经验",
        },
      }),
      db.materialsVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } }),
    ]);
    expect(getQuizBank(SLUG)).toBeUndefined();
    expect(await refreshPublishedMaterials({ force: true })).toBe(true);
    expect(getQuizBank(SLUG)!.questions.map((q) => [q.id, q.paragraphId])).toEqual([["elsewhere", paragraph.id]]);
  });
});

describe("the content/ folder download", () => {
  it("includes a quiz.md that loadQuizBank reads back into the same bank", async () => {
    await publish();
    const { createQuestion, saveQuizSettings, getPublishedMaterial, getQuizBank } = await lib();
    const [{ zipContentFolder }, { loadLibrary }, { loadQuizBank }, { default: JSZip }, fs, os, path] = await Promise.all([
      import("@/lib/materials/content-zip"),
      import("@/lib/content/loader"),
      import("@/lib/quiz/bank"),
      import("jszip"),
      import("node:fs"),
      import("node:os"),
      import("node:path"),
    ]);
    const admin = actorOf("adminA");
    const unzip = async () => {
      const zip = await JSZip.loadAsync(await zipContentFolder((await getPublishedMaterial(SLUG))!));
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "quiz-zip-"));
      for (const file of Object.values(zip.files)) {
        if (file.dir) continue;
        fs.mkdirSync(path.dirname(path.join(root, file.name)), { recursive: true });
        fs.writeFileSync(path.join(root, file.name), await file.async("string"));
      }
      return root;
    };
    // No questions, no quiz.md.
    expect(fs.existsSync(path.join(await unzip(), SLUG, "quiz.md"))).toBe(false);

    await createQuestion(admin, SLUG, await singleDraft());
    await createQuestion(admin, SLUG, await trueFalseDraft());
    await saveQuizSettings(admin, SLUG, { passPercent: "75", questionsPerTest: "10", hours: "2.5" });
    const root = await unzip();
    try {
      const material = loadLibrary(root).find((m) => m.slug === SLUG)!;
      const loaded = loadQuizBank(path.join(root, SLUG), material)!;
      const published = getQuizBank(SLUG)!;
      // questionsPerTest is capped at the number of questions, as quiz.md requires.
      expect(loaded).toEqual({ ...published, questionsPerTest: 2 });
      expect(loaded.questions.every((q) => !q.needsReview)).toBe(true);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
