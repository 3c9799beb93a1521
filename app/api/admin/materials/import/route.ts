import { readBodyBytes, refuse } from "@/lib/http/body";
import { importMaterial, limits } from "@/lib/materials/import";
import { withPreviewHtml } from "@/lib/materials/preview";
import { materialErrorResponse, requireMaterialAdmin } from "@/lib/materials/route-helpers";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

const ROUTE = "POST /api/admin/materials/import";
// The largest file the importer takes (a .docx), plus the multipart envelope.
const MAX_BODY_BYTES = limits.MAX_DOCX_BYTES + 64 * 1024;

/**
 * The preview step: multipart `file` (.docx/.txt/.md) or `text` (pasted) in, the importer's
 * sections out, each paragraph with its preview HTML. Stores nothing.
 */
async function importRoute(request: Request): Promise<Response> {
  const user = await requireMaterialAdmin(request);
  if (user instanceof Response) return user;
  const bytes = await readBodyBytes(request, MAX_BODY_BYTES);
  if (!bytes) return refuse(413, "too_large", "文件过大（Word 文件不超过 20 MB，文本文件不超过 2 MB）");
  const form = await new Response(bytes, { headers: { "Content-Type": request.headers.get("content-type") ?? "" } }).formData().catch(() => null);
  const file = form?.get("file");
  const text = form?.get("text");
  try {
    if (file instanceof File && file.name !== "") {
      const material = await importMaterial({ kind: "file", fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      return Response.json({ ok: true, material: withPreviewHtml(material) }, { headers: { "Cache-Control": "no-store" } });
    }
    if (typeof text === "string" && text.trim() !== "") {
      const material = await importMaterial({ kind: "text", text });
      return Response.json({ ok: true, material: withPreviewHtml(material) }, { headers: { "Cache-Control": "no-store" } });
    }
  } catch (error) {
    return materialErrorResponse(error, ROUTE);
  }
  return refuse(400, "no_input", "请选择要上传的文件，或粘贴材料全文");
}

export const POST = withJsonErrors(ROUTE, importRoute);
