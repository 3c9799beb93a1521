import { describe, expect, it } from "vitest";
import { PROGRESS_RULES, requiredActiveSeconds } from "@/lib/progress/config";
import { renderMarkdown } from "@/lib/content/markdown";
import type { Section } from "@/lib/content/loader";
import { computeSectionStatus, type ProgressRow } from "@/lib/progress/status";

function sectionOf(paragraphs: string[]): Section {
  const rendered = renderMarkdown(paragraphs.join("\n\n"));
  const chars = rendered.paragraphs.reduce((sum, p) => sum + p.chars, 0);
  return { slug: "s", title: "测试节", ...rendered, chars, minutes: 1 };
}

const original = sectionOf(["第一段讲理念和制度的统一。".repeat(5), "第二段讲精准识别与扶持。".repeat(5), "第三段讲领导体制与协同。".repeat(5)]);
const ids = original.paragraphs.map((p) => p.id);
const row = (over: Partial<ProgressRow>): ProgressRow => ({ readParagraphs: "[]", activeSeconds: 0, completedAt: null, completedVersion: null, lastParagraphId: null, ...over });

describe("computeSectionStatus", () => {
  it("is 未读 without any record", () => {
    expect(computeSectionStatus(original, undefined)).toMatchObject({ state: "unread", percent: 0 });
  });

  it("is 在读 with the share of characters read", () => {
    const status = computeSectionStatus(original, row({ readParagraphs: JSON.stringify(ids.slice(0, 1)), activeSeconds: 5 }));
    expect(status.state).toBe("reading");
    expect(status.percent).toBe(Math.round(((original.paragraphs[0]?.chars ?? 0) / original.chars) * 100));
  });

  it("is 已完成 when completed in this version", () => {
    const done = computeSectionStatus(original, row({ readParagraphs: JSON.stringify(ids), activeSeconds: 99, completedAt: new Date("2026-06-01T00:00:00Z"), completedVersion: original.version }));
    expect(done).toMatchObject({ state: "done", percent: 100, completedAt: "2026-06-01T00:00:00.000Z" });
  });

  it("asks only for the changed paragraphs after a revision, then is complete again", () => {
    const revised = sectionOf(["第一段讲理念和制度的统一。".repeat(5), "第二段改写了：讲精准识别、精准施策与差异化扶持。".repeat(3), "第三段讲领导体制与协同。".repeat(5), "新增的第四段讲长效机制。".repeat(4)]);
    const completed = row({ readParagraphs: JSON.stringify(ids), activeSeconds: requiredActiveSeconds(original.chars), completedAt: new Date(), completedVersion: original.version });
    const updated = computeSectionStatus(revised, completed, ids);
    expect(updated.state).toBe("updated");
    const changed = [revised.paragraphs[1]?.id, revised.paragraphs[3]?.id];
    expect(updated.changedParagraphIds).toEqual(changed);
    // Unchanged paragraphs keep their ids, so they still count as read.
    expect(updated.percent).toBeGreaterThan(40);
    // The beat that reads them records the completion in the new version (lib/progress/store.ts).
    const reread = computeSectionStatus(revised, { ...completed, readParagraphs: JSON.stringify([...ids, ...changed]), completedVersion: revised.version }, ids);
    expect(reread).toMatchObject({ state: "done", changedParagraphIds: [] });
  });

  it("is done only when the server recorded the completion, as every count of it is (issue 15, item 19)", () => {
    // Administrators' figures count recorded completions; the reader's page says the same.
    const status = computeSectionStatus(original, row({ readParagraphs: JSON.stringify(ids), activeSeconds: requiredActiveSeconds(original.chars) }));
    expect(status).toMatchObject({ state: "reading", percent: 100 });
  });

  it("is still 未读 when the section was only opened: no paragraph read and under a minute (issue 15, item 12)", () => {
    expect(computeSectionStatus(original, row({ activeSeconds: PROGRESS_RULES.startedActiveSeconds - 1 })).state).toBe("unread");
    expect(computeSectionStatus(original, row({ activeSeconds: PROGRESS_RULES.startedActiveSeconds })).state).toBe("reading");
    expect(computeSectionStatus(original, row({ readParagraphs: JSON.stringify(ids.slice(2)), activeSeconds: 0 })).state).toBe("reading");
  });
});
