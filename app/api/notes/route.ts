import { answer, authorize, fail, readJson, refuseUnreadable } from "@/lib/notes/http";
import { getMyReflection } from "@/lib/notes/reflections";
import { createNote, listMySectionNotes } from "@/lib/notes/store";
import { createNoteSchema, notesQuerySchema } from "@/lib/schemas/notes";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

/** The signed-in reader's own notes in one section and the 心得 of the section and material. */
async function getNotes(request: Request): Promise<Response> {
  const user = await authorize(request, { write: false });
  if (user instanceof Response) return user;
  const query = notesQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return fail(400, "invalid_query", "参数无效");
  const { material, section } = query.data;
  return answer(async () => ({
    // An unknown material or section is a 404 from getMyReflection (NoteError).
    materialReflection: await getMyReflection(user.id, { material }),
    sectionReflection: section ? await getMyReflection(user.id, { material, section }) : null,
    notes: section ? ((await listMySectionNotes(user.id, material, section)) ?? []) : [],
  }));
}

/** Creates a highlight or note for the signed-in reader (idempotent on the browser-made id). */
async function createNoteRoute(request: Request): Promise<Response> {
  const user = await authorize(request, { write: true });
  if (user instanceof Response) return user;
  const input = await readJson(request, createNoteSchema);
  if (input instanceof Response) return input;
  const refused = await refuseUnreadable(user, input.material, input.section);
  if (refused) return refused;
  return answer(async () => ({ note: await createNote(user.id, input) }));
}

export const GET = withJsonErrors("GET /api/notes", getNotes);
export const POST = withJsonErrors("POST /api/notes", createNoteRoute);
