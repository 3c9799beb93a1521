import { z } from "zod";
import { readJsonBody, refuse } from "@/lib/http/body";
import { MaterialStoreError } from "@/lib/materials/errors";
import { canManageMaterialFor } from "@/lib/materials/permissions";
import { diffRevision } from "@/lib/materials/preview";
import { countQuestionsNewlyUnderReview } from "@/lib/materials/quiz-store";
import { invalidFields, materialErrorResponse, requireMaterialAdmin } from "@/lib/materials/route-helpers";
import { MAX_MATERIAL_JSON_BYTES, reviseMaterialSchema } from "@/lib/materials/schemas";
import { getPublishedMaterial, reviseMaterial } from "@/lib/materials/store";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

const ROUTE = "POST /api/admin/materials/[slug]/revision";

/**
 * A new version of a published material (JSON from the preview editor). With `confirm: false` it
 * answers the per-section paragraph diff against the current revision and stores nothing; with
 * `confirm: true` it stores the revision (reviseMaterial) and answers its number.
 */
async function revisionRoute(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const user = await requireMaterialAdmin(request);
  if (user instanceof Response) return user;
  const { slug } = await params;
  const body = await readJsonBody(request, MAX_MATERIAL_JSON_BYTES, { tooLarge: "材料内容过大，请拆分为几份学习材料后分别发布" });
  if (body instanceof Response) return body;
  const parsed = reviseMaterialSchema.safeParse(body.json);
  if (!parsed.success) return invalidFields(z.flattenError(parsed.error).fieldErrors);
  const { title, description, order, sections, confirm } = parsed.data;
  const text = { title, description: description || undefined, order: order === "" ? undefined : order, sections };
  try {
    if (confirm) {
      const result = await reviseMaterial(user, slug, text);
      return Response.json({ ok: true, revision: result.revision, changed: result.changed }, { headers: { "Cache-Control": "no-store" } });
    }
    const current = await getPublishedMaterial(slug);
    if (!current) throw new MaterialStoreError("not-found", slug);
    if (!canManageMaterialFor(user, current.audiencePath)) throw new MaterialStoreError("audience-outside-scope", slug);
    if (current.status === "ARCHIVED") throw new MaterialStoreError("archived", slug);
    const diff = diffRevision(current, text);
    const metaChanged = current.title !== title.trim() || current.description !== (description.trim() || title.trim());
    const questionsToReview = await countQuestionsNewlyUnderReview(current, text);
    return Response.json({ ok: true, diff, metaChanged, questionsToReview }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return materialErrorResponse(error, ROUTE);
  }
}

export const POST = withJsonErrors(ROUTE, revisionRoute);
