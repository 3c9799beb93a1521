import { z } from "zod";
import { MAX_PARAGRAPHS_PER_SECTION, MAX_SECTIONS, MAX_TEXT_CHARS, MAX_TITLE_CHARS } from "./import/limits";

// What the preview editor sends: the importer's sections as edited, and the material's fields.
// The texts are checked again by prepareMaterial (limits, frontmatter rules) before anything is stored.

/** A million characters of text (the importer's limit) as UTF-8 JSON with its flags and structure. */
export const MAX_MATERIAL_JSON_BYTES = 8 * 1024 * 1024;

const flags = z.array(z.literal("junk")).max(1);
const text = z.string().max(MAX_TEXT_CHARS);

const paragraphSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("paragraph"), text, flags }),
  z.strictObject({ kind: z.literal("heading"), text, flags }),
  z.strictObject({ kind: z.literal("list-item"), text, ordered: z.boolean(), flags }),
  z.strictObject({ kind: z.literal("table"), text, rows: z.array(z.array(z.string().max(MAX_TEXT_CHARS)).max(100)).max(10_000), flags }),
]);

export const editedSectionSchema = z.strictObject({
  slug: z.string().max(100),
  title: z.string().max(MAX_TITLE_CHARS * 2),
  // A little over the limit, so that prepareMaterial answers with its own, precise message.
  paragraphs: z.array(paragraphSchema).max(MAX_PARAGRAPHS_PER_SECTION * 10),
});

const titleField = z.string().trim().min(1, "请填写标题").max(MAX_TITLE_CHARS, `标题不超过 ${MAX_TITLE_CHARS} 字`);
const descriptionField = z.string().trim().max(1000, "简介不超过 1000 字");
const ORDER_MESSAGE = "排序须为 0 到 100000 的整数";
/** Empty (after every other material) or a home-page position. */
const orderField = z
  .string()
  .trim()
  .refine((v) => v === "" || (/^\d{1,6}$/u.test(v) && Number(v) <= 100_000), ORDER_MESSAGE)
  .transform((v) => (v === "" ? ("" as const) : Number(v)));
const sectionsField = z.array(editedSectionSchema).max(MAX_SECTIONS * 5);

/** A new material from the preview editor. `audience` is "all" (the whole portal) or a unit id. */
export const publishMaterialSchema = z.strictObject({
  slug: z
    .string()
    .trim()
    .max(60, "网址名不超过 60 个字符")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, "网址名只能由小写字母、数字和连字符组成，例如 party-rules-2024"),
  title: titleField,
  description: descriptionField,
  order: orderField,
  audience: z.string({ error: "请选择阅读范围" }).regex(/^(?:all|\d{1,9})$/u, "请选择阅读范围"),
  sections: sectionsField,
});

/** A revision from the preview editor: `confirm` false asks for the diff only. */
export const reviseMaterialSchema = z.strictObject({
  title: titleField,
  description: descriptionField,
  order: orderField,
  sections: sectionsField,
  confirm: z.boolean(),
});

export type PublishMaterialBody = z.infer<typeof publishMaterialSchema>;
export type ReviseMaterialBody = z.infer<typeof reviseMaterialSchema>;
