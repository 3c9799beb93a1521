import type { EditorMaterial } from "@/lib/materials/editor";
import type { SectionDiff } from "@/lib/materials/diff";

// The browser side of the /api/admin/materials routes: every answer is JSON, `ok` or a Chinese message.

export type FieldErrors = Record<string, string[] | undefined>;
export type Failure = { ok: false; message: string; fieldErrors?: FieldErrors };

const LOST = "与服务器的连接中断，请稍后重试";

async function send<T>(url: string, init: RequestInit): Promise<(T & { ok: true }) | Failure> {
  try {
    const response = await fetch(url, init);
    const body = (await response.json().catch(() => null)) as ({ ok?: boolean; message?: unknown; fieldErrors?: FieldErrors } & T) | null;
    if (response.ok && body?.ok) return body as T & { ok: true };
    const message = typeof body?.message === "string" ? body.message : `操作没有完成（${response.status}），请稍后重试`;
    return { ok: false, message, fieldErrors: body?.fieldErrors };
  } catch (error) {
    console.error("[materials] request failed:", error);
    return { ok: false, message: LOST };
  }
}

/** Uploads a file or pasted text; answers the importer's sections with their preview HTML. */
export function importSource(body: FormData) {
  return send<{ material: EditorMaterial }>("/api/admin/materials/import", { method: "POST", body });
}

export function postJson<T>(url: string, json: unknown) {
  return send<T>(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(json) });
}

/** questionsToReview: self-test questions the revision would make 需复核 (their quote gone). */
export type RevisionPreview = { diff: SectionDiff[]; metaChanged: boolean; questionsToReview: number };
