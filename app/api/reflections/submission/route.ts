import { getDueMoment } from "@/lib/assignments";
import { answer, authorize, readJson, refuseUnreadable } from "@/lib/notes/http";
import { submitMyReflection, withdrawMyReflection } from "@/lib/notes/reflections";
import { getRequestMeta } from "@/lib/request-meta";
import { reflectionKeySchema, submitReflectionSchema } from "@/lib/schemas/notes";
import { withJsonErrors } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

/** Submits (提交) the reader's own 心得 to their unit: the revision they see becomes visible to its administrators. */
async function submitReflection(request: Request): Promise<Response> {
  const user = await authorize(request, { write: true });
  if (user instanceof Response) return user;
  const input = await readJson(request, submitReflectionSchema);
  if (input instanceof Response) return input;
  const { rev, ...key } = input;
  const refused = await refuseUnreadable(user, key.material, key.section);
  if (refused) return refused;
  const { ip } = await getRequestMeta();
  return answer(async () => ({ reflection: await submitMyReflection(user, key, rev, { ip }) }));
}

/** Withdraws (撤回) a submitted 心得: it is private again (allowed until the assignment's due day ends, when there is one). */
async function withdrawReflection(request: Request): Promise<Response> {
  const user = await authorize(request, { write: true });
  if (user instanceof Response) return user;
  const key = await readJson(request, reflectionKeySchema);
  if (key instanceof Response) return key;
  // Until the end of the due day of the assignment that applies to the reader, if there is one.
  const dueAt = await getDueMoment(user.unitPath, key.material);
  return answer(async () => ({ reflection: await withdrawMyReflection(user.id, key, { dueAt }) }));
}

export const POST = withJsonErrors("POST /api/reflections/submission", submitReflection);
export const DELETE = withJsonErrors("DELETE /api/reflections/submission", withdrawReflection);
