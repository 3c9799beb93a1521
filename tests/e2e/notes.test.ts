/**
 * Study notes in a real browser against the real server: select text and write a note, see it
 * highlighted after a reload; submit a 心得 and see it as the unit administrator; never lose text
 * (offline, reload), conflicts between two tabs, delete with 撤销, the phone drawer; and 39 script
 * injection attempts saved as notes and 心得 that must stay inert everywhere they are shown.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { LONE_SURROGATE_MESSAGE } from "@/lib/schemas/text";
import { XSS_PAYLOADS } from "../fixtures/xss-payloads";
import { DESKTOP, dragSelect, PHONE, sectionPath, useBrowser, withPage } from "./browser";
import { RESULTS_DIR } from "./paths";
import { getE2eDb } from "./session";

const browser = useBrowser();
const MATERIAL = "deep-poverty-speech";

/** Selects text by script (for keyboard-only flows, where the way the selection was made does not matter). */
async function selectByScript(page: Page, index: number, from: number, to: number): Promise<string> {
  return page.evaluate(
    ([i, a, b]) => {
      const paragraph = document.querySelectorAll("#section-text [id^='p-']")[i]!;
      const node = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT).nextNode() as Text;
      const lead = node.data.length - node.data.trimStart().length;
      const range = document.createRange();
      range.setStart(node, lead + a);
      range.setEnd(node, lead + b);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return range.toString();
    },
    [index, from, to] as const,
  );
}

async function userId(account: string): Promise<number> {
  const db = await getE2eDb();
  return (await db.user.findUniqueOrThrow({ where: { account }, select: { id: true } })).id;
}

async function notesOf(account: string) {
  const db = await getE2eDb();
  return db.note.findMany({ where: { userId: await userId(account), deletedAt: null }, orderBy: { createdAt: "asc" } });
}

/** Waits for the notes UI (a lazy chunk) to have loaded the reader's notes. */
async function waitForNotesUi(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^本节笔记（\d+）$/ }).waitFor();
}

describe("passage notes", () => {
  it("select text, write a note, reload: the passage is highlighted and the note is there", async () => {
    await withPage(browser(), { ...DESKTOP, account: "reader03" }, async (page) => {
      await page.goto(sectionPath("part-1"));
      await waitForNotesUi(page);
      const quote = await dragSelect(page, 0, 6, 22);
      await page.getByRole("button", { name: "写笔记" }).click();
      const editor = page.getByRole("textbox", { name: /^笔记：/ });
      await expect.poll(() => editor.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type("这一句是本节的纲。\n第二行");
      await page.getByText("已保存").first().waitFor();

      await page.reload();
      await waitForNotesUi(page);
      const mark = page.locator("#section-text mark.note-mark");
      await mark.first().waitFor();
      expect((await mark.allTextContents()).join("")).toBe(quote);
      expect(await page.getByRole("button", { name: "本节笔记（1）" }).isVisible()).toBe(true);

      // Clicking the highlight opens its note.
      await mark.first().click();
      await expect.poll(() => page.getByRole("textbox", { name: /^笔记：/ }).inputValue()).toBe("这一句是本节的纲。\n第二行");
      // 定位原文 scrolls back to the passage and focuses its paragraph.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.getByRole("button", { name: "定位原文" }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? "")).toMatch(/^p-/);
    });
    const [note] = await notesOf("reader03");
    expect(note).toMatchObject({ body: "这一句是本节的纲。\n第二行", rev: expect.any(Number) });
  });

  it("works from the keyboard: Alt+H highlights the selection; the panel is reached and closed with the keyboard", async () => {
    await withPage(browser(), { ...DESKTOP, account: "reader03" }, async (page) => {
      await page.goto(sectionPath("part-2"));
      await waitForNotesUi(page);
      const quote = await selectByScript(page, 1, 2, 12);
      await page.getByRole("button", { name: "划线" }).waitFor();
      await page.keyboard.press("Alt+H");
      await page.locator("#section-text mark.note-mark").first().waitFor();
      expect((await page.locator("#section-text mark.note-mark").allTextContents()).join("")).toBe(quote);
      const toggle = page.getByRole("button", { name: /^本节笔记/ });
      await toggle.focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("notes-panel-heading");
      await page.keyboard.press("Escape");
      expect(await page.locator("#notes-panel").isHidden()).toBe(true);
      await expect.poll(() => toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    });
    await expect.poll(async () => (await notesOf("reader03")).length).toBe(2);
  });

  it("keeps text typed while saving fails, restores it after a reload, and saves it once the server answers", async () => {
    // The browser logs each failed save as a console error: expected here.
    await withPage(browser(), { ...DESKTOP, account: "reader05", allowConsoleErrors: true }, async (page) => {
      await page.goto(sectionPath("part-3"));
      await waitForNotesUi(page);
      await dragSelect(page, 0, 3, 15);
      await page.getByRole("button", { name: "写笔记" }).click();
      await page.getByText("已保存").first().waitFor({ state: "detached" }).catch(() => undefined);
      await expect.poll(async () => (await notesOf("reader05")).length).toBe(1);

      // The connection drops: every save fails.
      await page.context().route("**/api/notes/**", (route) => route.abort("internetdisconnected"));
      await page.getByRole("textbox", { name: /^笔记：/ }).fill("断网时写下的体会，不能丢");
      await page.getByText("保存失败，正在重试").waitFor();

      // The tab is reloaded (or crashes) while still offline for saves; the text comes back from localStorage.
      await page.reload();
      await waitForNotesUi(page);
      await page.getByRole("button", { name: /^本节笔记/ }).click();
      await expect.poll(() => page.getByRole("textbox", { name: /^笔记：/ }).inputValue()).toBe("断网时写下的体会，不能丢");
      await page.getByText("保存失败，正在重试").waitFor();

      await page.context().unroute("**/api/notes/**");
      await page.getByText("已保存").waitFor({ timeout: 40_000 });
    });
    expect((await notesOf("reader05"))[0]?.body).toBe("断网时写下的体会，不能丢");
  }, 90_000);

  it("gives the second of two tabs editing one note a conflict with both texts, never a silent overwrite", async () => {
    // The browser logs the 409 answer as a console error: expected here.
    await withPage(browser(), { ...DESKTOP, account: "reader06", allowConsoleErrors: true }, async (first) => {
      await first.goto(sectionPath("part-4"));
      await waitForNotesUi(first);
      await dragSelect(first, 0, 2, 10);
      await first.getByRole("button", { name: "写笔记" }).click();
      // The note exists before its text is written: typed while its creation was still on its way
      // (a cold server, the first file of the run), the keys went nowhere and nothing was saved.
      await expect.poll(async () => (await notesOf("reader06")).length, { timeout: 15_000 }).toBe(1);
      await first.getByRole("textbox", { name: /^笔记：/ }).fill("最初的笔记");
      await first.getByText("已保存").first().waitFor();

      const second = await first.context().newPage();
      await second.goto(sectionPath("part-4"));
      await waitForNotesUi(second);
      await second.getByRole("button", { name: /^本节笔记/ }).click();
      await second.getByRole("textbox", { name: /^笔记：/ }).fill("第二个窗口改的");
      await second.getByText("已保存").first().waitFor();

      await first.getByRole("textbox", { name: /^笔记：/ }).fill("第一个窗口后改的");
      const alert = first.getByRole("alert");
      await alert.waitFor();
      expect(await alert.getByTestId("conflict-theirs").textContent()).toBe("第二个窗口改的");
      expect(await alert.getByTestId("conflict-mine").textContent()).toBe("第一个窗口后改的");
      expect((await notesOf("reader06"))[0]?.body).toBe("第二个窗口改的");

      await alert.getByRole("button", { name: "保留我的版本" }).click();
      await first.getByText("已保存").first().waitFor();
      expect((await notesOf("reader06"))[0]?.body).toBe("第一个窗口后改的");
      await second.close();
    });
  });

  it("deletes softly with 撤销 for 10 seconds", async () => {
    await withPage(browser(), { ...DESKTOP, account: "reader06" }, async (page) => {
      await page.goto(sectionPath("part-4"));
      await waitForNotesUi(page);
      await page.getByRole("button", { name: "本节笔记（1）" }).click();
      await page.getByRole("button", { name: "删除" }).click();
      await page.getByRole("button", { name: "撤销" }).waitFor();
      await expect.poll(async () => (await notesOf("reader06")).length).toBe(0);
      expect(await page.locator("#section-text mark.note-mark").count()).toBe(0);
      await page.getByRole("button", { name: "撤销" }).click();
      await page.locator("#section-text mark.note-mark").first().waitFor();
      await expect.poll(async () => (await notesOf("reader06")).length).toBe(1);
      await page.getByRole("button", { name: "删除" }).click();
      await page.getByRole("button", { name: "撤销" }).waitFor();
      await page.getByRole("button", { name: "撤销" }).waitFor({ state: "detached", timeout: 15_000 });
    });
    expect(await notesOf("reader06")).toEqual([]);
  });

  it("shows the notes panel as a drawer along the bottom of a phone screen", async () => {
    await withPage(browser(), { ...PHONE, account: "reader08" }, async (page) => {
      await page.goto(sectionPath("part-1"));
      await waitForNotesUi(page);
      await page.getByRole("button", { name: /^本节笔记/ }).click();
      const box = (await page.locator("#notes-panel").boundingBox())!;
      expect(box.x).toBe(0);
      expect(Math.round(box.width)).toBe(375);
      expect(Math.round(box.y + box.height)).toBe(812);
      expect(box.height).toBeLessThanOrEqual(812 * 0.8 + 1);
    });
  });
});

describe("心得", () => {
  it("a reader submits a section 心得 and the unit administrator sees the submitted copy; another unit's does not", async () => {
    await withPage(browser(), { ...DESKTOP, account: "reader07" }, async (page) => {
      await page.goto(sectionPath("part-5"));
      await waitForNotesUi(page);
      const editor = page.getByRole("textbox", { name: "本节心得" });
      await editor.fill("学习本节的体会：\n要把精准扶贫落到实处。");
      await expect.poll(() => page.getByText(/^\d+ \/ 20,000 字$/).textContent()).toBe("20 / 20,000 字");
      await page.getByText("已保存").waitFor();
      await page.getByRole("button", { name: "提交给本单位" }).click();
      await page.getByRole("button", { name: "确认提交" }).click();
      await page.getByText(/^已提交（/).waitFor();
    });
    await withPage(browser(), { ...DESKTOP, account: "zzb-admin" }, async (page) => {
      await page.goto("/admin/reflections");
      const db = await getE2eDb();
      const author = await db.user.findUniqueOrThrow({ where: { account: "reader07" }, select: { name: true } });
      await page.locator("main table tr", { hasText: "reader07" }).getByRole("link", { name: new RegExp(`^${author.name}`) }).click();
      await page.waitForURL(/\/admin\/reflections\/\d+$/);
      expect(await page.getByTestId("reflection-body").textContent()).toBe("学习本节的体会：\n要把精准扶贫落到实处。");
      expect(await page.locator("main").innerText()).toContain("提交时间");
      // The only text fields are the administrator's own (点评, 退回理由): the reader's text is not editable here.
      expect(await page.locator("main textarea").evaluateAll((fields) => fields.map((f) => f.getAttribute("name")))).toEqual(["body", "reason"]);
    });
    await withPage(browser(), { ...DESKTOP, account: "xcb-admin" }, async (page) => {
      await page.goto("/admin/reflections");
      expect(await page.locator("main").innerText()).not.toContain("要把精准扶贫落到实处");
    });
  });
});

describe("我的笔记 and the printable notebook", () => {
  it("lists the reader's notes across sections, filters by section and finds 精准扶贫; the notebook prints on A4", async () => {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await withPage(browser(), { ...DESKTOP, account: "reader03" }, async (page) => {
      await page.goto("/me/notes");
      const main = page.locator("main");
      expect(await main.innerText()).toContain("这一句是本节的纲。");
      await page.getByLabel("范围").selectOption(`${MATERIAL}/part-2`);
      await page.getByRole("button", { name: "筛选" }).click();
      await page.waitForURL(/in=/);
      expect(await main.innerText()).not.toContain("这一句是本节的纲。");
      await page.goto(`/me/notes?q=${encodeURIComponent("本节的纲")}`);
      expect(await main.innerText()).toContain("笔记 1 条");
      await page.goto(`/me/notes/print/${MATERIAL}`);
      expect(await page.locator("mark").count()).toBeGreaterThanOrEqual(2);
      expect(await main.innerText()).toContain("这一句是本节的纲。");
      await page.emulateMedia({ media: "print" });
      expect(await page.getByRole("button", { name: "打印" }).isVisible()).toBe(false);
      const pdf = await page.pdf({ path: path.join(RESULTS_DIR, "notebook.pdf"), preferCSSPageSize: true, printBackground: true });
      expect(pdf.subarray(0, 5).toString("ascii")).toBe("%PDF-");
    });
  });
});

describe("script injection in notes and 心得", () => {
  it(`${XSS_PAYLOADS.length} payloads saved as notes and 心得 stay inert on every page that shows them`, async () => {
    const dialogs: string[] = [];
    const check = async (page: Page, where: string) => {
      await page.waitForTimeout(300);
      const state = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
        injected: document.querySelectorAll("main img, main svg, main iframe, main object, main embed, main video, main math, main details, main input[autofocus], main style, main script").length,
        text: document.querySelector("main")?.textContent ?? "",
      }));
      expect(state.xss, where).toBeNull();
      expect(state.injected, where).toBe(0);
      expect(dialogs, where).toEqual([]);
      return state.text;
    };

    await withPage(browser(), { ...DESKTOP, account: "reader04" }, async (page) => {
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(sectionPath("part-6"));
      await waitForNotesUi(page);
      // Save through the same routes the UI uses, from the page (same origin, the reader's session).
      const saved = await page.evaluate(
        async ({ payloads, material }) => {
          const paragraphs = [...document.querySelectorAll("#section-text [id^='p-']")];
          const results: number[] = [];
          const sectionVersion = (document.getElementById("section-text") as HTMLElement).dataset.version ?? "";
          for (const [i, body] of payloads.entries()) {
            const p = paragraphs[i % paragraphs.length]!;
            const text = (p.textContent ?? "").trim();
            const start = (i * 3) % Math.max(1, text.length - 8);
            const response = await fetch("/api/notes", {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ id: `xss-note-${String(i).padStart(10, "0")}`, material, section: "part-6", version: sectionVersion, paragraphId: p.id, start, quote: text.slice(start, start + 6), body }),
            });
            results.push(response.status);
          }
          const all = payloads.join("\n");
          for (const section of ["part-6", undefined]) {
            const r = await fetch("/api/reflections", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ material, ...(section ? { section } : {}), body: all, rev: 0 }) });
            results.push(r.status);
          }
          const s = await fetch("/api/reflections/submission", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ material, section: "part-6", rev: 1 }) });
          results.push(s.status);
          return results;
        },
        { payloads: XSS_PAYLOADS, material: MATERIAL },
      );
      expect(saved.every((status) => status === 200), `statuses: ${saved.join(",")}`).toBe(true);

      await page.reload();
      await waitForNotesUi(page);
      await page.getByRole("button", { name: /^本节笔记/ }).click();
      await page.locator("#section-text mark.note-mark").first().waitFor();
      await check(page, "section page");
      const values = await page.locator("#notes-panel textarea").evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value));
      expect(values).toEqual(expect.arrayContaining([...XSS_PAYLOADS]));
      expect(await page.getByRole("textbox", { name: "本节心得" }).inputValue()).toBe(XSS_PAYLOADS.join("\n"));

      await page.goto("/me/notes");
      expect(await check(page, "我的笔记")).toContain("<script>window.__xss=1;alert(1)</script>");
      await page.goto(`/me/notes/print/${MATERIAL}`);
      expect(await check(page, "print page")).toContain(`<img src=x onerror="window.__xss=4;alert(4)">`);
      await page.goto(`/materials/${MATERIAL}`);
      await page.getByRole("textbox", { name: "学习心得（全文）" }).waitFor();
      await check(page, "material page");

      // The exports: downloaded as attachments under a sandboxing CSP, the payloads escaped as text.
      const exports = await page.evaluate(async () => {
        const md = await fetch("/api/notes/export?format=markdown");
        const docx = await fetch("/api/notes/export?format=docx");
        return {
          md: await md.text(),
          mdHeaders: [md.headers.get("content-disposition"), md.headers.get("content-security-policy"), md.headers.get("content-type")],
          docxType: docx.headers.get("content-type"),
          docxBytes: (await docx.arrayBuffer()).byteLength,
        };
      });
      expect(exports.mdHeaders[0]).toMatch(/^attachment;/);
      expect(exports.mdHeaders[1]).toContain("sandbox");
      expect(exports.mdHeaders[2]).toBe("text/markdown; charset=utf-8");
      expect(exports.md).toContain(String.raw`\<script\>window\.\_\_xss\=1\;alert\(1\)\<\/script\>`);
      // Every "<" from reader text is backslash-escaped, so no Markdown viewer sees a tag.
      expect(exports.md).not.toMatch(/(?<!\\)</u);
      expect(exports.docxType).toContain("wordprocessingml");
      expect(exports.docxBytes).toBeGreaterThan(5000);
    });

    await withPage(browser(), { ...DESKTOP, account: "xcb-admin" }, async (page) => {
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto("/admin/reflections");
      await page.locator("main table a").first().click();
      await page.waitForURL(/\/admin\/reflections\/\d+$/);
      expect(await check(page, "admin's view")).toContain("<svg onload=\"window.__xss=6\">");
    });
  }, 120_000);

  it("a 心得 with an unpaired surrogate is refused with a message saying what to do, and autosave stops retrying", async () => {
    // The browser logs the expected 400 as a console error.
    await withPage(browser(), { ...DESKTOP, account: "reader23", allowConsoleErrors: true }, async (page) => {
      const saves: string[] = [];
      page.on("response", (response) => {
        if (response.request().method() === "PUT" && response.url().endsWith("/api/reflections")) saves.push(String(response.status()));
      });
      await page.goto(sectionPath("part-3"));
      await waitForNotesUi(page);
      const editor = page.getByRole("textbox", { name: "本节心得" });
      await editor.click();
      // Made in the page (a lone surrogate does not survive the trip from the test to the browser),
      // and typed the way React sees typing: the native value setter, then an input event.
      await editor.evaluate((area: HTMLTextAreaElement) => {
        const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!;
        setValue.call(area, `学习体会${String.fromCharCode(0xdc00)}`);
        area.dispatchEvent(new Event("input", { bubbles: true }));
      });
      await page.getByRole("status").filter({ hasText: LONE_SURROGATE_MESSAGE }).waitFor();
      // Retries would come after 2, 4, 8 s: none may come.
      await page.waitForTimeout(5_000);
      expect(saves).toEqual(["400"]);
      const db = await getE2eDb();
      const reader = await db.user.findUniqueOrThrow({ where: { account: "reader23" }, select: { id: true } });
      expect(await db.reflection.count({ where: { userId: reader.id } })).toBe(0);
    });
  }, 60_000);
});
