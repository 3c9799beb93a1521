import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/current-user";
import { slugSchema } from "@/lib/content/schema";
import { getMyMaterialProgress, getMyReadParagraphs } from "@/lib/progress/read";
import { answerBeats, BEAT_ANSWER_HEADERS, BEAT_BODY_LIMIT_BYTES } from "@/lib/progress/answer-beats";
import { readBodyBytes, refuse as fail } from "@/lib/http/body";
import { isSameOriginRequest } from "@/lib/security/origin";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

/** Records reading beats for the signed-in reader: lib/progress/answer-beats.ts, which the portal server's lean route calls too. */
async function recordBeats(request: Request): Promise<Response> {
  const answer = await answerBeats({
    user: await getCurrentUser(),
    sameOrigin: isSameOriginRequest(request.headers),
    readBody: () => readBodyBytes(request, BEAT_BODY_LIMIT_BYTES),
  });
  return Response.json(answer.body, { status: answer.status, headers: BEAT_ANSWER_HEADERS });
}

const progressQuerySchema = z.strictObject({ material: slugSchema, section: slugSchema.optional() });

/** The signed-in reader's own progress in a material (and read paragraphs of one section), for the prerendered pages. */
async function getProgress(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return fail(401, "unauthorized", "请先登录");
  const query = progressQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return fail(400, "invalid_query", "参数无效");
  const progress = await getMyMaterialProgress(user, query.data.material);
  if (!progress) return fail(404, "unknown_material", "找不到这份学习材料");
  const readParagraphIds = query.data.section ? await getMyReadParagraphs(user.id, query.data.material, query.data.section) : undefined;
  return Response.json({ ok: true, progress, readParagraphIds }, { headers: { "Cache-Control": "private, no-store" } });
}

export const POST = withJsonErrors("POST /api/progress", recordBeats);
export const GET = withJsonErrors("GET /api/progress", getProgress);
