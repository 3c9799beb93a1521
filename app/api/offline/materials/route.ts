import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getReadableMaterial } from "@/lib/content";
import { slugSchema } from "@/lib/content/schema";
import { getEnv } from "@/lib/env";
import { refuse } from "@/lib/http/body";
import { MAX_OFFLINE_MATERIALS } from "@/lib/offline/config";
import { describeForOffline } from "@/lib/offline/manifest";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

const querySchema = z.array(slugSchema).min(1).max(MAX_OFFLINE_MATERIALS);

/**
 * The pages and current revision of the materials a browser keeps (or is about to keep) for offline
 * reading, as far as the asker may read them; `gone` names those they may not (any more): unknown,
 * archived, or outside their audience, which the browser then deletes. Pages are gated like the
 * reading pages themselves (lib/auth/reading-gate.ts).
 */
async function describeMaterials(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user && !getEnv().PUBLIC_READING) return refuse(401, "unauthorized", "请先登录");
  if (user?.mustChangePassword) return refuse(403, "must_change_password", "请先修改初始密码");
  const query = querySchema.safeParse([...new Set(new URL(request.url).searchParams.getAll("slug"))]);
  if (!query.success) return refuse(400, "invalid_query", `参数无效：需要 1 至 ${MAX_OFFLINE_MATERIALS} 个材料标识`);
  const materials = [];
  const gone = [];
  for (const slug of query.data) {
    const material = getReadableMaterial(user, slug);
    if (material) materials.push(describeForOffline(material));
    else gone.push(slug);
  }
  return Response.json({ ok: true, materials, gone }, { headers: { "Cache-Control": "private, no-store" } });
}

export const GET = withJsonErrors("GET /api/offline/materials", describeMaterials);
