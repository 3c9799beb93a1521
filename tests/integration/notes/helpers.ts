/** Calls the notes route handlers as a browser of this site would, signed in as a fixture account. */
import { signInAs, type UserKey } from "../admin/fixtures";

export const ORIGIN = "http://portal.test";
export const MATERIAL = "deep-poverty-speech";

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

/** Sends one request to a route handler; `origin: null` leaves the Origin header out. */
export async function call(
  handler: Handler | ((request: Request) => Promise<Response>),
  options: { method: string; path: string; body?: unknown; id?: string; origin?: string | null },
): Promise<{ status: number; json: Record<string, unknown>; response: Response }> {
  const headers = new Headers({ host: "portal.test" });
  if (options.origin !== null) headers.set("origin", options.origin ?? ORIGIN);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`${ORIGIN}${options.path}`, {
    method: options.method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await (handler as Handler)(request, { params: Promise.resolve({ id: options.id ?? "" }) });
  const json = response.headers.get("content-type")?.includes("json") ? ((await response.clone().json()) as Record<string, unknown>) : {};
  return { status: response.status, json, response };
}

export const routes = {
  notes: () => import("@/app/api/notes/route"),
  note: () => import("@/app/api/notes/[id]/route"),
  reflections: () => import("@/app/api/reflections/route"),
  submission: () => import("@/app/api/reflections/submission/route"),
  exportRoute: () => import("@/app/api/notes/export/route"),
};

/** The first paragraphs of a real section, for notes on real text. */
export async function realSection(section = "part-1") {
  const { getSection } = await import("@/lib/content");
  const view = getSection(MATERIAL, section);
  if (!view) throw new Error(`no section ${section}`);
  return view.section;
}

let seq = 0;
/** A fresh browser-made note id. */
export function newId(): string {
  seq++;
  return `test-note-${String(seq).padStart(8, "0")}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A valid create body for a passage of a real paragraph. */
export async function createBody(options: { section?: string; paragraph?: number; start?: number; length?: number; body?: string } = {}) {
  const section = await realSection(options.section);
  const paragraph = section.paragraphs[options.paragraph ?? 0]!;
  const start = options.start ?? 4;
  return {
    id: newId(),
    material: MATERIAL,
    section: options.section ?? "part-1",
    version: section.version,
    paragraphId: paragraph.id,
    start,
    quote: paragraph.text.slice(start, start + (options.length ?? 12)),
    body: options.body ?? "",
  };
}

/** Creates a note through the route as a fixture account and returns its id. */
export async function createNoteAs(user: UserKey, body: Awaited<ReturnType<typeof createBody>>): Promise<string> {
  await signInAs(user);
  const { POST } = await routes.notes();
  const result = await call(POST, { method: "POST", path: "/api/notes", body });
  if (result.status !== 200) throw new Error(`create failed: ${result.status} ${JSON.stringify(result.json)}`);
  return body.id;
}
