"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getAdminActionContext, toAdminFailure } from "@/lib/admin-actions";
import { slugSchema } from "@/lib/content/schema";
import { formDataToObject, validationFailure } from "@/lib/forms";
import { MaterialStoreError } from "@/lib/materials/errors";
import { archiveMaterial } from "@/lib/materials/store";
import { confirmFormSchema, type OneTimePasswordState } from "@/lib/schemas/admin";

/**
 * Archives a published material (hidden from readers; progress, notes and revisions kept). The slug
 * is bound on the server page; archiveMaterial re-checks that the actor manages the material.
 */
export async function archiveMaterialAction(slug: string, _prev: OneTimePasswordState, formData: FormData): Promise<OneTimePasswordState> {
  const context = await getAdminActionContext();
  if (!context.ok) return context.state;
  const parsedSlug = slugSchema.safeParse(slug);
  if (!parsedSlug.success) return { ok: false, message: "没有找到这份学习材料" };
  const parsed = confirmFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return validationFailure(parsed.error);
  try {
    await archiveMaterial(context.actor, parsedSlug.data);
  } catch (error) {
    if (error instanceof MaterialStoreError) {
      console.warn(`[admin] material archive refused (${error.code}): ${error.englishMessage}`);
      return { ok: false, message: error.message };
    }
    return toAdminFailure(error, "没有找到这份学习材料");
  }
  revalidatePath("/admin/materials");
  redirect(`/admin/materials/${parsedSlug.data}?done=archived`);
}
