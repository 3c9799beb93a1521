import { answer, authorize, readJson, refuseUnreadable } from "@/lib/notes/http";
import { saveMyReflection } from "@/lib/notes/reflections";
import { saveReflectionSchema } from "@/lib/schemas/notes";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

/** Saves the signed-in reader's 心得 on a section or material, based on a revision (409 on a conflict). */
async function saveReflection(request: Request): Promise<Response> {
  const user = await authorize(request, { write: true });
  if (user instanceof Response) return user;
  const input = await readJson(request, saveReflectionSchema);
  if (input instanceof Response) return input;
  const { body, rev, ...key } = input;
  const refused = await refuseUnreadable(user, key.material, key.section);
  if (refused) return refused;
  return answer(async () => ({ reflection: await saveMyReflection(user.id, key, body, rev) }));
}

export const PUT = withJsonErrors("PUT /api/reflections", saveReflection);
