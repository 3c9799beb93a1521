import { readJsonBody } from "@/lib/http/body";
import { MAX_MATERIAL_JSON_BYTES, publishMaterialSchema } from "@/lib/materials/schemas";
import { invalidFields, materialErrorResponse, requireMaterialAdmin } from "@/lib/materials/route-helpers";
import { publishMaterial } from "@/lib/materials/store";
import { withJsonErrors } from "@/lib/route-errors";
import { z } from "zod";

export const dynamic = "force-dynamic";

const ROUTE = "POST /api/admin/materials";

/** Publishes the material the preview editor sends (JSON); answers with its slug. */
async function publishRoute(request: Request): Promise<Response> {
  const user = await requireMaterialAdmin(request);
  if (user instanceof Response) return user;
  const body = await readJsonBody(request, MAX_MATERIAL_JSON_BYTES, { tooLarge: "材料内容过大，请拆分为几份学习材料后分别发布" });
  if (body instanceof Response) return body;
  const parsed = publishMaterialSchema.safeParse(body.json);
  if (!parsed.success) return invalidFields(z.flattenError(parsed.error).fieldErrors);
  const { slug, title, description, order, audience, sections } = parsed.data;
  try {
    const result = await publishMaterial(user, {
      slug,
      title,
      description: description || undefined,
      order: order === "" ? undefined : order,
      audienceUnitId: audience === "all" ? null : Number(audience),
      sections,
    });
    return Response.json({ ok: true, slug: result.slug }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return materialErrorResponse(error, ROUTE);
  }
}

export const POST = withJsonErrors(ROUTE, publishRoute);
