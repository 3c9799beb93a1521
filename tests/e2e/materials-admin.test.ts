// Issue 16, the administrators' side: publish a material from the browser (upload → preview and
// edit → publish), revise it with a paragraph diff, archive it, download its content/ folder; a
// unit administrator's limits; bad files. Own units and accounts, made in beforeAll. Screenshots
// for review go to test-results/materials-admin/ (or MATERIALS_SHOTS_DIR).
import fs from "node:fs";
import path from "node:path";
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import JSZip from "jszip";
import type { BrowserContextOptions, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, compact, formatViolations, readSlowly, useBrowser, withPage } from "./browser";
import { RESULTS_DIR, ROOT } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };
const SHOTS = process.env.MATERIALS_SHOTS_DIR || path.join(RESULTS_DIR, "materials-admin");

const SYS = "mat-sys-admin";
const UNIT_ADMIN = "mat-unit-admin";
const SPEECH_SLUG = "e2e-speech-study";
const DOCX_SLUG = "e2e-docx-rules";
const SPEECH = fs.readFileSync(path.join(ROOT, "tests/fixtures/speech-study.txt"));

let unitId: number;
let childUnitId: number;

async function shot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize();
  await page.screenshot({ path: path.join(SHOTS, `${name}-${size?.width}.png`), fullPage });
}

/** Everything a publish writes, to prove a refusal stored nothing. */
async function storedCounts() {
  const db = await getE2eDb();
  return Promise.all([db.publishedMaterial.count(), db.publishedMaterialRevision.count(), db.publishedSection.count(), db.auditLog.count({ where: { action: { startsWith: "material." } } })]);
}

async function rulesDocx(): Promise<Buffer> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: "学习制度", heading: HeadingLevel.TITLE }),
          new Paragraph({ text: "总则", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: "为了规范理论学习，制定本制度。" }),
          new Paragraph({ text: "学习安排", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "每月集中学习一次。", bullet: { level: 0 } }),
          new Paragraph({ text: "每季度交流一次。", bullet: { level: 0 } }),
          new Table({ rows: [new TableRow({ children: [cell("项目"), cell("要求")] }), new TableRow({ children: [cell("集中学习"), cell("每月一次")] })] }),
          new Paragraph({ text: "附则", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: "本制度自印发之日起施行。" }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

beforeAll(async () => {
  const db = await getE2eDb();
  const { hashPassword } = await import("@/lib/auth/password");
  const root = await db.unit.findFirstOrThrow({ where: { parentId: null }, orderBy: { id: "asc" }, select: { id: true, path: true, depth: true } });
  const ensureUnit = async (code: string, name: string, parent: { id: number; path: string; depth: number }) => {
    const existing = await db.unit.findUnique({ where: { code }, select: { id: true, path: true, depth: true } });
    if (existing) return existing;
    const created = await db.unit.create({ data: { name, code, parentId: parent.id, path: `pending-${code}`, depth: parent.depth + 1 } });
    return db.unit.update({ where: { id: created.id }, data: { path: `${parent.path}${created.id}/` }, select: { id: true, path: true, depth: true } });
  };
  const unit = await ensureUnit("MAT-E2E", "材料测试处", root);
  const child = await ensureUnit("MAT-E2E-1", "材料测试科", unit);
  unitId = unit.id;
  childUnitId = child.id;
  const passwordHash = await hashPassword("Materials-E2e-2026");
  for (const [account, name, role] of [[SYS, "材料系统管理员", "SYSTEM_ADMIN"], [UNIT_ADMIN, "材料单位管理员", "UNIT_ADMIN"]] as const) {
    await db.user.upsert({ where: { account }, update: {}, create: { account, name, role, unitId: unit.id, passwordHash, mustChangePassword: false } });
  }
  // Earlier runs on a kept database: start from no material of this file's.
  await db.publishedMaterial.deleteMany({ where: { slug: { in: [SPEECH_SLUG, DOCX_SLUG] } } });
});

const READER = "reader24"; // 宣传部机关支部: used by no other browser test

/** A reader opens the material's shortest section, finds the source's text there, notes it and reads it to 已完成. */
async function readPublishedSection(slug: string): Promise<void> {
  const db = await getE2eDb();
  const sections = await db.publishedSection.findMany({ where: { materialSlug: slug }, select: { sectionSlug: true, body: true } });
  const shortest = sections.sort((a, b) => a.body.length - b.body.length)[0]!;
  const reader = await db.user.findUniqueOrThrow({ where: { account: READER }, select: { id: true } });
  await withPage(browser(), { ...DESKTOP, account: READER }, async (page) => {
    await page.goto(`/materials/${slug}/${shortest.sectionSlug}`);
    const shown = compact(await page.locator("#section-text").innerText());
    // Every sentence of the stored Markdown, verbatim on the page.
    const sentences = compact(shortest.body).split(/(?<=[。！？])/u).filter(Boolean);
    expect(sentences.length).toBeGreaterThan(1);
    for (const sentence of sentences) expect(shown).toContain(sentence);
    // A note, through the notes API as the page's own client sends it.
    const version = await page.locator("#section-text").getAttribute("data-version");
    const first = page.locator("#section-text [id^='p-']").first();
    const paragraphId = await first.getAttribute("id");
    const quote = (await first.innerText()).slice(0, 6);
    const status = await page.evaluate(
      async (note) => (await fetch("/api/notes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(note) })).status,
      { id: "7d3c2b1a-0000-4000-8000-000000000016", material: slug, section: shortest.sectionSlug, version, paragraphId, start: 0, quote, body: "发布材料上的笔记" },
    );
    expect(status).toBe(200);
    await page.reload();
    await page.getByRole("button", { name: /本节笔记（1）/u }).waitFor();
    // Read like a person, each paragraph in the middle of the screen for as long as it takes to
    // read, until the server grants 已完成.
    const deadline = Date.now() + 150_000;
    for (;;) {
      for (const paragraph of await page.locator("#section-text [id^='p-']").all()) {
        await paragraph.evaluate((element) => element.scrollIntoView({ block: "center" }));
        const chars = (await paragraph.innerText()).length;
        await readSlowly(page, Math.max(4, Math.ceil(chars / 8)), 0);
      }
      const row = await db.sectionProgress.findFirst({ where: { userId: reader.id, materialSlug: slug, sectionSlug: shortest.sectionSlug } });
      if (row?.completedAt) break;
      if (Date.now() > deadline) throw new Error(`not completed after 150 s: ${JSON.stringify(row)}`);
    }
    await expect.poll(() => page.getByRole("progressbar", { name: "本节阅读进度" }).getAttribute("aria-valuetext"), { timeout: 30_000 }).toBe("已完成 ✓");
  });
}

async function upload(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.setInputFiles("#material-file", file);
  await page.getByRole("button", { name: "读取并预览" }).click();
}

describe("publishing a material from the browser", () => {
  it("uploads the speech as .txt, drops the flagged junk, renames a section, publishes, revises one paragraph with a diff, downloads and archives", async () => {
    const db = await getE2eDb();
    await withPage(browser(), { ...DESKTOP, account: SYS, acceptDownloads: true }, async (page) => {
      await page.goto("/admin/materials");
      await page.getByRole("link", { name: "发布新材料" }).click();
      await page.waitForURL("**/admin/materials/new");
      await upload(page, { name: "speech-study.txt", mimeType: "text/plain", buffer: SPEECH });
      await page.getByRole("heading", { name: "预览与编辑（共 11 节）" }).waitFor();
      const titles = await page.locator("section[data-section] h3").allInnerTexts();
      expect(titles[0]).toBe("导言");
      expect(titles.slice(1, 10).map((t) => t.split(" · ")[0])).toEqual(["第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九"].map((n) => `${n}部分`));
      expect(titles[10]).toMatch(/^最后一部分/u);
      // The paywall notice: two paragraphs flagged and highlighted, with the readers' renderer's ids.
      const junk = page.locator("li[data-junk]");
      expect(await junk.count()).toBe(2);
      expect(compact(await junk.first().innerText())).toContain("疑似无关内容");
      expect(await page.locator("li[data-junk] .reading p[id^='p-']").count()).toBe(2);
      await shot(page, "new-preview");

      await junk.first().getByRole("button", { name: /^删除此段/u }).click();
      await junk.first().getByRole("button", { name: /^删除此段/u }).click();
      expect(await junk.count()).toBe(0);
      const part1 = page.locator("section[data-section='part-1']");
      await part1.getByRole("textbox").fill("第一部分 · 理念与制度");
      await part1.getByRole("button", { name: "改名" }).click();
      await part1.getByRole("heading", { name: "第一部分 · 理念与制度" }).waitFor();

      await page.getByLabel("网址名").fill(SPEECH_SLUG);
      await page.getByLabel("阅读范围").selectOption("all");
      await page.getByRole("button", { name: "发布", exact: true }).click();
      await page.waitForURL(`**/admin/materials/${SPEECH_SLUG}?done=published`);
      await page.getByText("学习材料已发布").waitFor();
      await shot(page, "detail");

      const stored = await db.publishedMaterial.findUniqueOrThrow({ where: { slug: SPEECH_SLUG }, select: { status: true, revision: true, audienceUnitId: true } });
      expect(stored).toEqual({ status: "PUBLISHED", revision: 1, audienceUnitId: null });
      const sections = await db.publishedSection.findMany({ where: { materialSlug: SPEECH_SLUG }, orderBy: { position: "asc" }, select: { sectionSlug: true, title: true, body: true } });
      expect(sections).toHaveLength(11);
      expect(sections[1]!.title).toBe("第一部分 · 理念与制度");
      const allText = compact(sections.map((s) => s.body).join(""));
      expect(allText).not.toContain("登录会员");
      // A sentence from the middle of the source, verbatim in the stored Markdown.
      const source = compact(SPEECH.toString("utf8"));
      const sentence = source.slice(source.indexOf("第五部分"), source.indexOf("第五部分") + 40);
      expect(allText).toContain(sentence);
      expect(await db.auditLog.count({ where: { action: "material.publish", targetId: SPEECH_SLUG } })).toBe(1);

      // The list shows it.
      await page.goto("/admin/materials");
      const row = page.getByRole("row", { name: /学习传达/u });
      expect(compact(await row.innerText())).toMatch(/已发布.*全体.*第1版/u);
      await shot(page, "list");

      // A reader meets it at once: its shortest section, every sentence verbatim on the page; a
      // note on it; read to 已完成 (lib/progress's rule: every paragraph seen and enough active time).
      await readPublishedSection(SPEECH_SLUG);

      // Editing the current version unchanged shows no change.
      await page.goto(`/admin/materials/${SPEECH_SLUG}`);
      await page.getByRole("link", { name: "修订" }).click();
      await page.getByRole("button", { name: "编辑当前版本" }).click();
      await page.getByRole("button", { name: "查看修改内容" }).click();
      await page.getByText("各节正文没有变化。").waitFor();

      // A new version with one sentence changed: the diff shows it, then it is stored as revision 2.
      await page.getByRole("button", { name: "重新选择文件" }).click();
      const original = SPEECH.toString("utf8");
      const at = original.indexOf("第五部分");
      const changedText = `${original.slice(0, at)}第五部分（修订稿）${original.slice(at + 4)}`;
      await page.setInputFiles("#material-file", { name: "speech-v2.txt", mimeType: "text/plain", buffer: Buffer.from(changedText, "utf8") });
      await page.getByRole("button", { name: "读取新版本并预览" }).click();
      await page.getByRole("button", { name: /删除全部疑似无关内容（2 段）/u }).click();
      // Keep the renamed title: rename again as the stored revision has it.
      const part1Again = page.locator("section[data-section='part-1']");
      await part1Again.getByRole("textbox").fill("第一部分 · 理念与制度");
      await part1Again.getByRole("button", { name: "改名" }).click();
      await page.getByRole("button", { name: "查看修改内容" }).click();
      await page.getByRole("heading", { name: "本次修订的变化" }).waitFor();
      const diffText = compact(await page.locator("main").innerText());
      expect(diffText).toContain("修改前");
      expect(diffText).toContain("第五部分（修订稿）");
      expect(diffText).toMatch(/1节有变化/u);
      await shot(page, "revise-diff", false);
      await page.getByRole("button", { name: "确认发布修订" }).click();
      await page.waitForURL(`**/admin/materials/${SPEECH_SLUG}?done=revised`);
      expect((await db.publishedMaterial.findUniqueOrThrow({ where: { slug: SPEECH_SLUG } })).revision).toBe(2);
      expect(compact(await page.locator("main").innerText())).toContain("第2版");

      // The content/ folder as a zip.
      const response = await page.request.get(`/api/admin/materials/${SPEECH_SLUG}/download`);
      expect(response.status()).toBe(200);
      const zip = await JSZip.loadAsync(await response.body());
      expect(Object.keys(zip.files)).toContain(`${SPEECH_SLUG}/material.md`);
      expect(await zip.file(`${SPEECH_SLUG}/part-5.md`)!.async("string")).toContain("第五部分（修订稿）");

      // Archive, after ticking the confirmation.
      await page.getByRole("button", { name: "归档" }).click();
      await page.getByText("请先勾选确认").waitFor();
      expect((await db.publishedMaterial.findUniqueOrThrow({ where: { slug: SPEECH_SLUG } })).status).toBe("PUBLISHED");
      await page.getByLabel("我确认要归档这份学习材料").check();
      await page.getByRole("button", { name: "归档" }).click();
      await page.waitForURL(`**/admin/materials/${SPEECH_SLUG}?done=archived`);
      expect((await db.publishedMaterial.findUniqueOrThrow({ where: { slug: SPEECH_SLUG } })).status).toBe("ARCHIVED");
      expect(await page.getByRole("link", { name: "修订" }).count()).toBe(0);
    });
  }, 300_000);

  it("a unit administrator publishes a Word file for their own unit only, never for the whole portal", async () => {
    const db = await getE2eDb();
    await withPage(browser(), { ...DESKTOP, account: UNIT_ADMIN, allowConsoleErrors: true }, async (page) => {
      await page.goto("/admin/materials/new");
      await upload(page, { name: "rules.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: await rulesDocx() });
      await page.getByRole("heading", { name: "预览与编辑（共 2 节）" }).waitFor();
      expect(await page.locator("section[data-section] h3").allInnerTexts()).toEqual(["总则", "附则"]);
      expect(await page.locator("section[data-section] table").count()).toBe(1);
      expect(await page.locator("section[data-section] ul li").count()).toBeGreaterThanOrEqual(2);
      expect(await page.getByLabel("标题").inputValue()).toBe("学习制度");

      const options = await page.getByLabel("阅读范围").locator("option").allInnerTexts();
      expect(options.some((o) => o.includes("全体"))).toBe(false);
      expect(options.some((o) => o.includes("材料测试处"))).toBe(true);

      // The whole portal, forced past the form: refused, nothing stored.
      const before = await storedCounts();
      const forged = await page.request.post("/api/admin/materials", {
        headers: { origin: inject("baseURL") },
        data: { slug: DOCX_SLUG, title: "学习制度", description: "", order: "", audience: "all", sections: [{ slug: "intro", title: "总则", paragraphs: [{ kind: "paragraph", text: "正文。", flags: [] }] }] },
      });
      expect(forged.status()).toBe(403);
      expect((await forged.json()).message).toContain("单位管理员只能为本单位及下级单位");
      expect(await storedCounts()).toEqual(before);

      // A slug already taken (a built-in material) is refused with a clear message.
      await page.getByLabel("网址名").fill("deep-poverty-speech");
      await page.getByLabel("阅读范围").selectOption(String(childUnitId));
      await page.getByRole("button", { name: "发布", exact: true }).click();
      await page.getByText("已有使用该网址名的学习材料，请换一个").first().waitFor();
      await page.getByLabel("网址名").fill("Bad Slug");
      await page.getByRole("button", { name: "发布", exact: true }).click();
      await page.getByText("网址名只能由小写字母、数字和连字符组成").first().waitFor();
      expect(await storedCounts()).toEqual(before);

      await page.getByLabel("网址名").fill(DOCX_SLUG);
      await page.getByLabel("阅读范围").selectOption(String(unitId));
      await page.getByRole("button", { name: "发布", exact: true }).click();
      await page.waitForURL(`**/admin/materials/${DOCX_SLUG}?done=published`);
    });
    const stored = await db.publishedMaterial.findUniqueOrThrow({ where: { slug: DOCX_SLUG }, select: { audienceUnitId: true, title: true } });
    expect(stored).toEqual({ audienceUnitId: unitId, title: "学习制度" });
    const body = (await db.publishedSection.findFirstOrThrow({ where: { materialSlug: DOCX_SLUG, position: 0 } })).body;
    expect(body).toContain("| 项目 | 要求 |");
    expect(body).toContain("- 每月集中学习一次。");
  });

  it("a corrupt .docx and an empty file get a Chinese message and store nothing", async () => {
    const before = await storedCounts();
    await withPage(browser(), { ...PHONE, account: SYS, allowConsoleErrors: true }, async (page) => {
      await page.goto("/admin/materials/new");
      await upload(page, { name: "broken.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from("PK\u0003\u0004 this is not really a zip") });
      await page.getByRole("alert").filter({ hasText: "无法读取该 Word 文件" }).waitFor();
      await shot(page, "new-error");
      await upload(page, { name: "empty.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) });
      await page.getByRole("alert").filter({ hasText: "文件是空的" }).waitFor();
      await page.getByRole("button", { name: "读取并预览" }).waitFor();
    });
    expect(await storedCounts()).toEqual(before);
  });

  it("screenshots every page at 390 and 1366 wide, with no page wider than the screen and no axe violation", async () => {
    const checkAxe = async (page: Page, where: string) => {
      const violations = await axeViolations(page);
      expect.soft(violations.map((v) => v.id), `axe on ${where}:\n${formatViolations(violations)}`).toEqual([]);
    };
    for (const size of [PHONE, DESKTOP]) {
      await withPage(browser(), { ...size, account: SYS }, async (page) => {
        for (const [name, url] of [
          ["list", "/admin/materials"],
          ["new", "/admin/materials/new"],
          ["detail", `/admin/materials/${DOCX_SLUG}`],
          ["revise", `/admin/materials/${DOCX_SLUG}/revise`],
        ] as const) {
          await page.goto(url);
          await shot(page, `page-${name}`);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
          await checkAxe(page, `${url} at ${page.viewportSize()?.width}`);
        }
        // The revision diff of an edit of the current version (one paragraph dropped), not confirmed.
        await page.goto(`/admin/materials/${DOCX_SLUG}/revise`);
        await page.getByRole("button", { name: "编辑当前版本" }).click();
        await page.locator("section[data-section]").first().getByRole("button", { name: /^删除此段/u }).first().click();
        await page.getByRole("button", { name: "查看修改内容" }).click();
        await page.getByRole("heading", { name: "本次修订的变化" }).waitFor();
        expect(compact(await page.locator("main").innerText())).toContain("删除为了规范理论学习，制定本制度。");
        await shot(page, "page-revise-diff", false);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await checkAxe(page, `the revision diff at ${page.viewportSize()?.width}`);

        // The preview editor with the long material.
        await page.goto("/admin/materials/new");
        await upload(page, { name: "speech-study.txt", mimeType: "text/plain", buffer: SPEECH });
        await page.getByRole("heading", { name: "预览与编辑（共 11 节）" }).waitFor();
        await shot(page, "page-preview");
        await shot(page, "page-preview-top", false);
        await page.locator("li[data-junk]").first().scrollIntoViewIfNeeded();
        await shot(page, "page-preview-junk", false);
        await checkAxe(page, `the preview at ${page.viewportSize()?.width}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      });
    }
  }, 240_000);
});
