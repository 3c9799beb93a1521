import { z } from "zod";
import { slugSchema } from "../content/schema";

const paragraphIdSchema = z.string().regex(/^p-[0-9a-f]{10}(?:-\d{1,3})?$/, "invalid paragraph id");

/** One reading beat as the tracker sends it (all counts are for one page view). */
export const beatSchema = z.strictObject({
  material: slugSchema,
  section: slugSchema,
  /** Content version the page was rendered from. */
  version: z.string().regex(/^[0-9a-f]{12}$/, "invalid content version"),
  /** Random id of the page view; activeSeconds is cumulative within it. */
  viewId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "invalid view id"),
  paragraphs: z.array(paragraphIdSchema).max(2000),
  activeSeconds: z.number().int().min(0).max(24 * 3600),
  clientTime: z.number().int().positive().optional(),
});

/** The body of POST /api/progress: one beat or a batch of queued ones. */
export const beatBodySchema = z.union([beatSchema, z.strictObject({ beats: z.array(beatSchema).min(1).max(50) })]);

export type Beat = z.infer<typeof beatSchema>;
