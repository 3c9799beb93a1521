import { MAX_TITLE_CHARS } from "./limits";
import { isHeadingLine, markerOf } from "./markers";
import type { ImportWarning, SourceBlock } from "./types";
import { warning } from "./warnings";

export type TitleOptions = {
  /** The title given by the person importing; wins over anything found in the file. */
  title?: string;
  /** A title the source declares (Markdown frontmatter). */
  sourceTitle?: string;
  fileName?: string;
};

// How the titles of study materials end: a text copied from a web page often has its title glued to
// the first sentence ("…讲话精神在当前…"), and this is where such a title stops.
const TITLE_ENDINGS = /(精神|讲话|报告|条例|规定|办法|决定|意见|通知|纲要|规划|准则|细则|决议|公报|方案)/gu;

function clip(text: string): string {
  const single = text.replace(/\s+/gu, " ").trim();
  return single.length <= MAX_TITLE_CHARS ? single : `${single.slice(0, MAX_TITLE_CHARS - 1)}…`;
}

/** A title glued to the start of the first sentence: up to the last title-like word of its first clause. */
function guessGluedTitle(text: string): string | undefined {
  if (markerOf(text)) return undefined;
  const clause = /^[^，,。；;：:！？!?]*/u.exec(text)?.[0] ?? "";
  let end = -1;
  for (const match of clause.matchAll(TITLE_ENDINGS)) end = match.index + match[0].length;
  if (end < 6 || end > 80 || end >= clause.length) return undefined;
  return text.slice(0, end);
}

function stem(fileName: string | undefined): string {
  const base = (fileName ?? "").replace(/^.*[\\/]/u, "").replace(/\.[^.]+$/u, "").trim();
  return base || "未命名学习材料";
}

/**
 * Finds the material's title and takes it out of the blocks: the given title, the source's own, a
 * Word Title paragraph, a lone top heading, a short first line, a title glued to the first sentence,
 * or, failing all of them, the file name.
 */
export function extractTitle(blocks: SourceBlock[], options: TitleOptions): { title: string; blocks: SourceBlock[]; warnings: ImportWarning[] } {
  const [first, ...rest] = blocks;
  const firstText = first && first.kind !== "table" ? first.text : undefined;
  if (options.title !== undefined) {
    const title = options.title.trim();
    if (firstText === title) return { title, blocks: rest, warnings: [] };
    if (first?.kind === "paragraph" && firstText?.startsWith(title) && firstText.length > title.length) {
      return { title, blocks: [{ kind: "paragraph", text: firstText.slice(title.length).trim() }, ...rest], warnings: [] };
    }
    return { title, blocks, warnings: [] };
  }
  if (options.sourceTitle) return { title: clip(options.sourceTitle), blocks, warnings: [] };
  const titleBlock = blocks.find((block) => block.kind === "title");
  if (titleBlock) return { title: clip(titleBlock.text), blocks: blocks.filter((block) => block !== titleBlock), warnings: [] };
  if (first?.kind === "heading" && !rest.some((block) => block.kind === "heading" && block.level <= first.level)) {
    return { title: clip(first.text), blocks: rest, warnings: [] };
  }
  if (first?.kind === "paragraph" && firstText && rest.length > 0 && isHeadingLine(firstText) && !markerOf(firstText)) {
    return { title: clip(firstText), blocks: rest, warnings: [] };
  }
  const glued = first?.kind === "paragraph" && firstText ? guessGluedTitle(firstText) : undefined;
  if (glued && firstText) {
    return {
      title: glued,
      blocks: [{ kind: "paragraph", text: firstText.slice(glued.length).trim() }, ...rest],
      warnings: [warning("title-guessed", glued)],
    };
  }
  const fromName = clip(stem(options.fileName));
  return { title: fromName, blocks, warnings: [warning("title-from-file-name", fromName)] };
}
