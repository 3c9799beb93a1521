import { z } from "zod";

/** Folder and file names double as URL segments, so they are restricted to lower-case ASCII slugs. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a lower-case slug such as part-1");

/** Frontmatter of `content/<material>/material.md`. */
export const materialFrontmatterSchema = z.strictObject({
  title: z.string().trim().min(1, "must not be empty").max(200),
  description: z.string().trim().min(1, "must not be empty").max(1000),
  /** Position on the home page; lower comes first. */
  order: z.number().int().min(0),
  /** Section file names (without `.md`) in reading order. */
  sections: z
    .array(slugSchema)
    .min(1, "must list at least one section")
    .refine((list) => new Set(list).size === list.length, "must not list a section twice"),
});

/** Frontmatter of `content/<material>/<section>.md`. */
export const sectionFrontmatterSchema = z.strictObject({
  title: z.string().trim().min(1, "must not be empty").max(200),
});

export type MaterialFrontmatter = z.infer<typeof materialFrontmatterSchema>;
export type SectionFrontmatter = z.infer<typeof sectionFrontmatterSchema>;
