import { formatChinaTime } from "../china-time";
import { toLines } from "./format";
import type { Notebook } from "./notebook";

// Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them), so
// nothing a reader typed can become a tag, a link, an emphasis or a heading in any Markdown viewer.
const PUNCTUATION = /[!-/:-@[-`{-~]/gu;

/** One line of a reader's text as inert Markdown: literal in any CommonMark renderer. */
export function escapeMarkdownLine(line: string): string {
  const escaped = line.replace(PUNCTUATION, "\\$&");
  // Leading spaces would make an indented code block; as character references they stay text.
  return escaped.replace(/^[ \t]+/u, (lead) => lead.replace(/ /gu, "&#32;").replace(/\t/gu, "&#9;"));
}

/** A reader's text as Markdown paragraphs; a line break inside a paragraph becomes a hard break. */
export function markdownText(text: string, linePrefix = ""): string {
  const lines = toLines(text);
  return lines
    .map((line, i) => {
      if (line === "") return linePrefix.trimEnd();
      const next = lines[i + 1];
      return `${linePrefix}${escapeMarkdownLine(line)}${next !== undefined && next !== "" ? "\\" : ""}`;
    })
    .join("\n");
}

function reflectionBlock(heading: string, reflection: { body: string; submittedAt: string | null }): string[] {
  const state = reflection.submittedAt ? `（已提交 ${formatChinaTime(reflection.submittedAt)}）` : "";
  return [`${heading}${state}`, "", markdownText(reflection.body), ""];
}

/** The notebook as Markdown: a heading per material and section, each note as a quote and its text. */
export function notebookToMarkdown(notebook: Notebook): string {
  const out: string[] = ["# 学习笔记本", "", `${escapeMarkdownLine(notebook.ownerName)} · 导出于 ${formatChinaTime(notebook.exportedAt)}`, ""];
  if (notebook.materials.length === 0) out.push("（还没有笔记和心得）", "");
  for (const material of notebook.materials) {
    out.push(`## ${escapeMarkdownLine(material.title)}`, "");
    for (const section of material.sections) {
      out.push(`### ${escapeMarkdownLine(section.title)}`, "");
      for (const note of section.notes) {
        out.push(markdownText(note.quote, "> "), "");
        out.push(note.body.trim() ? markdownText(note.body) : "（划线）", "");
      }
      if (section.orphans.length > 0) {
        out.push("#### 原文已修改的笔记", "", "以下笔记所引的原文在材料修订后已找不到，保留原引文供参考。", "");
        for (const note of section.orphans) {
          out.push(markdownText(note.quote, "> "), "");
          out.push(note.body.trim() ? markdownText(note.body) : "（划线）", "");
        }
      }
      if (section.reflection) out.push(...reflectionBlock("#### 本节心得", section.reflection));
    }
    if (material.reflection) out.push(...reflectionBlock("### 学习心得（全文）", material.reflection));
  }
  return `${out.join("\n").replace(/\n{3,}/gu, "\n\n").trimEnd()}\n`;
}
