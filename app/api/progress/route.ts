import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/current-user";
import { slugSchema } from "@/lib/content/schema";
import { getMyMaterialProgress, getMyReadParagraphs, getMySectionStatus } from "@/lib/progress/read";
import { BeatError, recordBeat } from "@/lib/progress/store";
import { readJsonBody, refuse as fail } from "@/lib/http/body";
import { beatBodySchema } from "@/lib/schemas/progress";
import { isSameOriginRequest } from "@/lib/security/origin";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 256 * 1024;

/** Records reading beats (one, or a batch queued while offline) for the signed-in reader only. */
async function recordBeats(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return fail(401, "unauthorized", "请先登录");
  if (user.mustChangePassword) return fail(403, "password_change_required", "请先修改初始密码");
  if (!isSameOriginRequest(request.headers)) return fail(403, "cross_origin", "请求来源无效");
  const body = await readJsonBody(request, MAX_BODY_BYTES, { tooLarge: "记录过大", invalid: "记录格式无效" });
  if (body instanceof Response) return body;
  const parsed = beatBodySchema.safeParse(body.json);
  if (!parsed.success) return fail(400, "invalid_beat", `记录格式无效：${parsed.error.issues[0]?.path.join(".") ?? ""}`);
  const beats = "beats" in parsed.data ? parsed.data.beats : [parsed.data];
  // Every beat is merged on its own: one refused beat (a page version gone since) does not hold up
  // the rest of a batch queued offline, and the answer names the refused ones by index so the
  // tracker drops exactly those.
  const refused: Array<{ index: number; error: string; message: string; status: number }> = [];
  for (const [index, beat] of beats.entries()) {
    try {
      await recordBeat(user.id, beat);
    } catch (error) {
      if (!(error instanceof BeatError)) throw error;
      refused.push({ index, error: error.code, message: error.message, status: error.status });
    }
  }
  const recorded = beats.length - refused.length;
  // The status of each section recorded, so the page shows 已完成 the moment the server grants it.
  const refusedIndexes = new Set(refused.map((r) => r.index));
  const touched = new Map(beats.filter((_, i) => !refusedIndexes.has(i)).map((b) => [`${b.material}/${b.section}`, b]));
  const sections = [];
  for (const beat of touched.values()) {
    const status = await getMySectionStatus(user.id, beat.material, beat.section);
    if (status) sections.push({ material: beat.material, ...status });
  }
  const first = refused[0];
  if (first) {
    const body = { ok: false, error: first.error, message: first.message, recorded, refused: refused.map(({ status: _s, ...rest }) => rest), sections };
    return Response.json(body, { status: first.status, headers: { "Cache-Control": "no-store" } });
  }
  return Response.json({ ok: true, recorded, sections }, { headers: { "Cache-Control": "no-store" } });
}

const progressQuerySchema = z.strictObject({ material: slugSchema, section: slugSchema.optional() });

/** The signed-in reader's own progress in a material (and read paragraphs of one section), for the prerendered pages. */
async function getProgress(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return fail(401, "unauthorized", "请先登录");
  const query = progressQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return fail(400, "invalid_query", "参数无效");
  const progress = await getMyMaterialProgress(user.id, query.data.material);
  if (!progress) return fail(404, "unknown_material", "找不到这份学习材料");
  const readParagraphIds = query.data.section ? await getMyReadParagraphs(user.id, query.data.material, query.data.section) : undefined;
  return Response.json({ ok: true, progress, readParagraphIds }, { headers: { "Cache-Control": "private, no-store" } });
}

export const POST = withJsonErrors("POST /api/progress", recordBeats);
export const GET = withJsonErrors("GET /api/progress", getProgress);
