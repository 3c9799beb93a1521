import { z } from "zod";

// Shared by the server and the browser: no server imports here.

/**
 * Whether a string holds an unpaired UTF-16 surrogate. Such a string has no UTF-8 form: the
 * database driver fails on it (a 500 whose message carried the text). JSON carries one as an escape
 * ("\udc00"), and an .xlsx cell as "_xD800_"; text decoded from bytes (forms, CSV) never holds one.
 */
export function hasLoneSurrogate(text: string): boolean {
  // With the `u` flag a well-formed pair is one code point outside this range; only a lone half matches.
  return /[\uD800-\uDFFF]/u.test(text);
}

/** Shown when a text holds an unpaired surrogate: browsers draw one as "�", so the writer can find it. */
export const LONE_SURROGATE_MESSAGE = "内容中含有无法保存的字符（显示为 �），请删除该字符后重试";

/**
 * The rule every stored text field carries (names, unit names; reader text is checked for every
 * JSON string as the body is read, lib/http/body.ts): refused, never silently changed, so what is
 * stored is what the person wrote.
 */
export function storableText<T extends z.ZodType<string>>(schema: T) {
  return schema.refine((text) => !hasLoneSurrogate(text), LONE_SURROGATE_MESSAGE);
}
