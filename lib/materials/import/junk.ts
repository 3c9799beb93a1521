import type { ParagraphFlag } from "./types";

// Leftovers of the web page or app a text was copied from: paywalls, share prompts, page chrome.
const JUNK_PATTERNS = [
  /登录会员/u,
  /此处省略/u,
  /阅读全文/u,
  /阅读正文/u,
  /查看全文/u,
  /展开全文/u,
  /扫码/u,
  /扫一扫/u,
  /二维码/u,
  /关注公众号|关注微信/u,
  /点击(?:查看|阅读|下载|关注)/u,
  /下载(?:APP|App|app|客户端)/u,
  /(?:责任编辑|编辑|来源)[:：]/u,
  /版权所有|未经(?:授权|许可)/u,
  /开通会员|会员专享|付费阅读/u,
];

/**
 * Junk is short: one telltale phrase marks a paragraph of up to 40 characters, two or more one of up
 * to 120, so a real paragraph that happens to mention 二维码 keeps its place.
 */
const MAX_JUNK_CHARS = [0, 40, 120];

/** Whether a paragraph looks like a paywall notice or page chrome rather than the material's text. */
export function isProbableJunk(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0) return false;
  const hits = JUNK_PATTERNS.filter((pattern) => pattern.test(trimmed)).length;
  if (hits > 0 && trimmed.length <= (MAX_JUNK_CHARS[Math.min(hits, 2)] ?? 0)) return true;
  // Only quote marks and punctuation (the `""""""` debris in front of a paywall notice).
  return /^[\s"'“”‘’「」『』.,，。:：;；!?！？、…—-]+$/u.test(trimmed);
}

/** The flags a paragraph gets in the preview. */
export function flagsFor(text: string): ParagraphFlag[] {
  return isProbableJunk(text) ? ["junk"] : [];
}
