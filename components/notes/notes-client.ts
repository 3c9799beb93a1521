import type { SaveOutcome } from "@/lib/notes/autosave";
import type { DraftStorage, NoteCreatePayload } from "@/lib/notes/drafts";
import type { ReflectionView } from "@/lib/notes/reflections";
import type { NoteView } from "@/lib/notes/store";

export type { NoteView, ReflectionView };

/** What a notes route answered; status 0 means no answer (offline, network error). */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: string; message: string; current?: { body: string; rev: number } };

async function call<T>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
  try {
    const response = await fetch(url, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok && json.ok === true) return { ok: true, data: json as T };
    return {
      ok: false,
      status: response.status,
      error: typeof json.error === "string" ? json.error : "error",
      message: typeof json.message === "string" ? json.message : `服务器错误（${response.status}）`,
      current: json.current as { body: string; rev: number } | undefined,
    };
  } catch {
    return { ok: false, status: 0, error: "offline", message: "网络连接中断" };
  }
}

export type SectionNotesData = { notes: NoteView[]; sectionReflection: ReflectionView | null; materialReflection: ReflectionView | null };

const key = (material: string, section?: string) => ({ material, ...(section ? { section } : {}) });

/** The JSON routes behind the notes UI (app/api/notes, app/api/reflections). */
export const notesApi = {
  load: (material: string, section?: string) => call<SectionNotesData>("GET", `/api/notes?${new URLSearchParams(key(material, section))}`),
  create: (payload: NoteCreatePayload) => call<{ note: NoteView }>("POST", "/api/notes", payload),
  edit: (id: string, body: string, rev: number) => call<{ note: NoteView }>("PATCH", `/api/notes/${encodeURIComponent(id)}`, { op: "edit", body, rev }),
  remove: (id: string) => call<object>("DELETE", `/api/notes/${encodeURIComponent(id)}`),
  restore: (id: string) => call<{ note: NoteView }>("PATCH", `/api/notes/${encodeURIComponent(id)}`, { op: "restore" }),
  saveReflection: (material: string, section: string | undefined, body: string, rev: number) =>
    call<{ reflection: ReflectionView }>("PUT", "/api/reflections", { ...key(material, section), body, rev }),
  submit: (material: string, section: string | undefined, rev: number) => call<{ reflection: ReflectionView }>("POST", "/api/reflections/submission", { ...key(material, section), rev }),
  withdraw: (material: string, section: string | undefined) => call<{ reflection: ReflectionView }>("DELETE", "/api/reflections/submission", key(material, section)),
};

/** Turns a save's answer into what the autosave does next: retry only what may succeed later. */
export function toSaveOutcome<T>(result: ApiResult<T>, rev: (data: T) => number): SaveOutcome {
  if (result.ok) return { kind: "saved", rev: rev(result.data) };
  if (result.status === 409 && result.current) return { kind: "conflict", current: result.current };
  if (result.status === 0 || result.status >= 500 || result.status === 429) return { kind: "retry" };
  if (result.status === 401) return { kind: "refused", message: "登录已过期，请在新窗口登录后回到本页，内容已保存在本机" };
  return { kind: "refused", message: result.message };
}

/** localStorage, or null when the browser refuses it (private mode, policy). */
export function getDraftStorage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** A random note id made here, so that a create can be retried without making two notes. */
export function newNoteId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
