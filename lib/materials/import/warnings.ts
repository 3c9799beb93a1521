import type { ImportWarning, ImportWarningCode } from "./types";

const TEXTS: Record<ImportWarningCode, (detail: string) => { message: string; englishMessage: string }> = {
  "title-guessed": (d) => ({ message: `标题是从正文开头推断的：“${d}”，请核对`, englishMessage: `Title guessed from the start of the text: "${d}".` }),
  "title-from-file-name": (d) => ({ message: `未找到标题，暂用文件名“${d}”，请修改`, englishMessage: `No title found; using the file name "${d}".` }),
  "description-derived": () => ({ message: "简介取自正文第一句，请核对", englishMessage: "Description taken from the first sentence." }),
  "images-dropped": (d) => ({ message: `文件中的 ${d} 张图片不会导入`, englishMessage: `${d} image(s) not imported.` }),
  "raw-html-removed": (d) => ({ message: `已删除 ${d} 处 HTML 代码（只导入文字）`, englishMessage: `${d} piece(s) of raw HTML removed.` }),
  "no-structure": () => ({ message: "未识别出章节，全文作为一节，请在预览中拆分", englishMessage: "No sections recognised; the whole text is one section." }),
  "sentence-split": () => ({ message: "原文为一整行，已在句末拆分段落", englishMessage: "The text was one long line; paragraphs were split at sentence ends." }),
  "empty-section": (d) => ({ message: `“${d}”下没有正文，已并入后一节`, englishMessage: `"${d}" had no text and was merged into the next section.` }),
  "toc-removed": () => ({ message: "已略去正文前的目录", englishMessage: "The table of contents before the text was left out." }),
  "junk-flagged": (d) => ({ message: `${d} 段疑似网页残留（如“登录会员”“此处省略”），已标记，发布前请删除`, englishMessage: `${d} paragraph(s) look like web-page leftovers (paywall, share prompts) and are flagged.` }),
};

/** A warning with its Chinese and English wording. */
export function warning(code: ImportWarningCode, detail: string | number = ""): ImportWarning {
  return { code, ...TEXTS[code](String(detail)) };
}
