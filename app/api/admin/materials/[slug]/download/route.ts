import { refuse } from "@/lib/http/body";
import { zipContentFolder } from "@/lib/materials/content-zip";
import { canManageMaterialFor } from "@/lib/materials/permissions";
import { requireMaterialAdmin } from "@/lib/materials/route-helpers";
import { getPublishedMaterial } from "@/lib/materials/store";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

/** The material's latest revision as a zip of its content/<slug>/ folder, for the administrators who manage it. */
async function downloadRoute(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const user = await requireMaterialAdmin(request);
  if (user instanceof Response) return user;
  const { slug } = await params;
  const view = await getPublishedMaterial(slug);
  // Another subtree's material is answered like a missing one.
  if (!view || !canManageMaterialFor(user, view.audiencePath)) return refuse(404, "not_found", "没有找到这份学习材料");
  const zip = await zipContentFolder(view);
  return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${view.slug}.zip"`,
      "Cache-Control": "no-store",
    },
  });
}

export const GET = withJsonErrors("GET /api/admin/materials/[slug]/download", downloadRoute);
