import { z } from "zod";
import { slugSchema } from "../content/schema";
import { NOTE_RULES } from "../notes/rules";
import { storableText } from "./text";

/** A note id: random, made by the browser (crypto.randomUUID or 22+ url-safe characters). */
export const noteIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "invalid note id");

const paragraphIdSchema = z.string().regex(/^p-[0-9a-f]{10}(?:-\d{1,3})?$/, "invalid paragraph id");
const revSchema = z.number().int().min(0).max(1_000_000_000);

// Control characters other than line breaks and tabs are refused: they have no place in a note and
// some (bidi overrides aside) confuse exports. Line breaks are kept.
const plainText = (max: number, what: "笔记" | "心得") =>
  z
    .string()
    .max(max, `${what}最多 ${max.toLocaleString("zh-CN")} 字`)
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u.test(text), `${what}中含有无法保存的控制字符`);

export const noteBodySchema = plainText(NOTE_RULES.maxNoteChars, "笔记");
export const reflectionBodySchema = plainText(NOTE_RULES.maxReflectionChars, "心得");

/** POST /api/notes: a highlight (empty body) or a note on a passage of one paragraph. */
export const createNoteSchema = z.strictObject({
  id: noteIdSchema,
  material: slugSchema,
  section: slugSchema,
  /** The content version the page showed; the passage is checked against that version's text. */
  version: z.string().regex(/^[0-9a-f]{12}$/, "invalid content version"),
  paragraphId: paragraphIdSchema,
  start: z.number().int().min(0).max(100_000),
  quote: z.string().min(1, "请先选择一段文字").max(NOTE_RULES.maxQuoteChars, `一次最多选择 ${NOTE_RULES.maxQuoteChars} 字`),
  body: noteBodySchema.default(""),
});

/** PATCH /api/notes/[id]: edit the body based on a revision, or undo a delete. */
export const patchNoteSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("edit"), body: noteBodySchema, rev: revSchema }),
  z.strictObject({ op: z.literal("restore") }),
]);

/** Which notes GET /api/notes returns: one section's, or (no section) only the material's 心得. */
export const notesQuerySchema = z.strictObject({ material: slugSchema, section: slugSchema.optional() });

/** Identifies a reflection: a section's, or the whole material's (no section). */
export const reflectionKeySchema = z.strictObject({ material: slugSchema, section: slugSchema.optional() });

/** PUT /api/reflections: save the text based on a revision (0: there is none yet). */
export const saveReflectionSchema = reflectionKeySchema.extend({ body: reflectionBodySchema, rev: revSchema });

/** POST /api/reflections/submission: submit the revision the reader sees. */
export const submitReflectionSchema = reflectionKeySchema.extend({ rev: revSchema.min(1) });

// An administrator's 点评 or 退回理由: required (blank is refused), plain text within its limit. A
// form sends a textarea's line breaks as CRLF; they are stored as "\n", and counted as the browser did.
const reviewText = (max: number, what: "点评" | "退回理由") =>
  storableText(
    z
      .string()
      .transform((text) => text.replace(/\r\n?/g, "\n"))
      .pipe(
        z
          .string()
          .trim()
          .min(1, `请填写${what}`)
          .max(max, `${what}最多 ${max.toLocaleString("zh-CN")} 字`)
          .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u.test(text), `${what}中含有无法保存的控制字符`),
      ),
  );

/** The 点评 form on an administrator's review page; `requestId` makes a form sent twice store one comment. */
export const reviewCommentFormSchema = z.strictObject({
  body: reviewText(NOTE_RULES.maxReviewCommentChars, "点评"),
  requestId: z.uuid("表单已过期，请刷新页面后重试"),
});

/** The 退回修改 form on an administrator's review page. */
export const returnReflectionFormSchema = z.strictObject({ reason: reviewText(NOTE_RULES.maxReturnReasonChars, "退回理由") });

/** The submission time the review page showed, bound to its forms: acting on a newer one is refused. */
export const seenSubmissionSchema = z.iso.datetime();

/** 我的笔记's query string: `in` is "material" or "material/section"; `q` are search words. Bad values are ignored. */
export const myNotesQuerySchema = z.object({
  in: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/)
    .transform((value) => {
      const [material = "", section] = value.split("/");
      return { material, section };
    })
    .optional()
    .catch(undefined),
  q: z.string().trim().max(50).optional().catch(undefined),
});

/** GET /api/notes/export: the format, and optionally one material. */
export const exportQuerySchema = z.strictObject({ format: z.enum(["markdown", "docx"]), material: slugSchema.optional() });

export type CreateNoteInput = z.infer<typeof createNoteSchema>;
export type PatchNoteInput = z.infer<typeof patchNoteSchema>;
export type ReflectionKey = z.infer<typeof reflectionKeySchema>;
