import "server-only";
import type { SessionUser } from "../auth/session";
import { parseJsonBody } from "../http/body";
import { beatBodySchema } from "../schemas/progress";
import { getReadableSection, refreshPublishedMaterials } from "../content";
import { getSectionStatusOf } from "./read";
import { BeatError, recordBeat, type StoredProgressRow } from "./store";

/** Largest body of POST /api/progress: a batch of 50 queued beats of long sections fits with room. */
export const BEAT_BODY_LIMIT_BYTES = 256 * 1024;

/** Every answer to a beat, refusals included, is private and never stored by a cache. */
export const BEAT_ANSWER_HEADERS = { "Cache-Control": "no-store" } as const;

/** The JSON answer to a beat request: status and body; the headers are BEAT_ANSWER_HEADERS. */
export type BeatAnswer = { status: number; body: Record<string, unknown> };

/**
 * What a beat request brings, however it arrived: Next's route handler (app/api/progress) and the
 * portal server's lean route (lib/server/lean-routes.ts) each look up the session with
 * validateSessionToken, check the origin with isSameOriginRequest and read at most
 * BEAT_BODY_LIMIT_BYTES, then hand over here.
 */
export type BeatRequest = {
  /** The session's user, or null (no cookie, unknown, expired or disabled). */
  user: SessionUser | null;
  /** isSameOriginRequest of the request's headers. */
  sameOrigin: boolean;
  /** The body's bytes, or null when it passed BEAT_BODY_LIMIT_BYTES; only called once the checks above passed. */
  readBody: () => Promise<Uint8Array | null>;
};

function refusal(status: number, error: string, message: string): BeatAnswer {
  return { status, body: { ok: false, error, message } };
}

/**
 * Records reading beats (one, or a batch queued while offline) for the signed-in reader only, and
 * says what to answer. The one implementation of the beat route's rules, in this order: 401 without
 * a session, 403 before the first password change, 403 from another origin, 413 over the limit, 400
 * for a body that is not JSON or not a beat (zod), then each beat merged by recordBeat (422/404 for a
 * refused one). Throws what the database throws; callers answer that with failureResponse.
 */
export async function answerBeats(request: BeatRequest): Promise<BeatAnswer> {
  const { user } = request;
  if (!user) return refusal(401, "unauthorized", "请先登录");
  if (user.mustChangePassword) return refusal(403, "password_change_required", "请先修改初始密码");
  if (!request.sameOrigin) return refusal(403, "cross_origin", "请求来源无效");
  const body = parseJsonBody(await request.readBody(), { tooLarge: "记录过大", invalid: "记录格式无效" });
  if (!("json" in body)) return refusal(body.status, body.error, body.message);
  const parsed = beatBodySchema.safeParse(body.json);
  if (!parsed.success) return refusal(400, "invalid_beat", `记录格式无效：${parsed.error.issues[0]?.path.join(".") ?? ""}`);
  const beats = "beats" in parsed.data ? parsed.data.beats : [parsed.data];
  // Every beat is merged on its own: one refused beat (a page version gone since) does not hold up
  // the rest of a batch queued offline, and the answer names the refused ones by index so the
  // tracker drops exactly those.
  const refused: Array<{ index: number; error: string; message: string; status: number }> = [];
  // Each section's row as its last merged beat left it (the merge returns it), for the answer below.
  const stored = new Map<string, { material: string; section: string; row: StoredProgressRow }>();
  // A material published a moment ago on another instance, or archived: looked up at most once a second.
  await refreshPublishedMaterials();
  // A batch is one delivery of reading done in the same spell: the reader's clock settles at its
  // last beat (MergeOptions.holdClock), so no beat of it loses time another one earned.
  for (const [index, beat] of beats.entries()) {
    try {
      // An archived material, or one published for another unit, is refused like an unknown section.
      if (!getReadableSection(user, beat.material, beat.section)) throw new BeatError(404, "unknown_section", "找不到这一节");
      const row = await recordBeat(user.id, beat, new Date(), { holdClock: index < beats.length - 1 });
      stored.set(`${beat.material}/${beat.section}`, { material: beat.material, section: beat.section, row });
    } catch (error) {
      if (!(error instanceof BeatError)) throw error;
      refused.push({ index, error: error.code, message: error.message, status: error.status });
    }
  }
  const recorded = beats.length - refused.length;
  // The status of each section recorded, so the page shows 已完成 the moment the server grants it.
  const sections = [];
  for (const { material, section, row } of stored.values()) {
    const status = await getSectionStatusOf(material, section, row);
    if (status) sections.push({ material, ...status });
  }
  const first = refused[0];
  if (first) {
    return {
      status: first.status,
      body: { ok: false, error: first.error, message: first.message, recorded, refused: refused.map(({ status: _s, ...rest }) => rest), sections },
    };
  }
  return { status: 200, body: { ok: true, recorded, sections } };
}
