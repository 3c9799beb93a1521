import { answer, authorize, fail, readJson } from "@/lib/notes/http";
import { deleteMyNote, editMyNote, getMyNote, restoreMyNote } from "@/lib/notes/store";
import { noteIdSchema, patchNoteSchema } from "@/lib/schemas/notes";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

async function noteId(context: Context): Promise<string | null> {
  const parsed = noteIdSchema.safeParse((await context.params).id);
  return parsed.success ? parsed.data : null;
}

const notFound = () => fail(404, "not_found", "找不到这条笔记");

/** One of the signed-in reader's own notes; anyone else's id is answered like a missing one. */
async function getNote(request: Request, context: Context): Promise<Response> {
  const user = await authorize(request, { write: false });
  if (user instanceof Response) return user;
  const id = await noteId(context);
  if (!id) return notFound();
  return answer(async () => ({ note: await getMyNote(user.id, id) }));
}

/** Edits a note's body (based on a revision: 409 with both texts on a conflict) or undoes a delete. */
async function patchNote(request: Request, context: Context): Promise<Response> {
  const user = await authorize(request, { write: true });
  if (user instanceof Response) return user;
  const id = await noteId(context);
  if (!id) return notFound();
  const input = await readJson(request, patchNoteSchema);
  if (input instanceof Response) return input;
  return answer(async () => ({ note: input.op === "edit" ? await editMyNote(user.id, id, input.body, input.rev) : await restoreMyNote(user.id, id) }));
}

/** Deletes a note softly; PATCH {op: "restore"} brings it back within the undo window. */
async function deleteNote(request: Request, context: Context): Promise<Response> {
  const user = await authorize(request, { write: true });
  if (user instanceof Response) return user;
  const id = await noteId(context);
  if (!id) return notFound();
  return answer(async () => {
    await deleteMyNote(user.id, id);
    return {};
  });
}

export const GET = withJsonErrors("GET /api/notes/[id]", getNote);
export const PATCH = withJsonErrors("PATCH /api/notes/[id]", patchNote);
export const DELETE = withJsonErrors("DELETE /api/notes/[id]", deleteNote);
