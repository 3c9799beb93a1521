"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getAdminActionContext, pickFormValues, toAdminFailure } from "@/lib/admin-actions";
import { formDataToObject, validationFailure } from "@/lib/forms";
import { boundIdSchema, type AdminFormState } from "@/lib/schemas/admin";
import { unitFormSchema } from "@/lib/schemas/unit";
import { createUnit, updateUnit } from "@/lib/units";

const UNIT_FIELDS = ["name", "code", "parentId"] as const;
const UNIT_NOT_FOUND = "找不到该单位或所选的上级单位，可能已被删除，请刷新页面后重试";

/** Creates a unit (system administrators only), then returns to the unit tree. */
export async function createUnitAction(_prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext({ systemAdminOnly: true });
  if (!context.ok) return context.state;
  const values = pickFormValues(formData, UNIT_FIELDS);
  const parsed = unitFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ...validationFailure(parsed.error), values };
  try {
    await createUnit(context.actor, parsed.data, context.ip);
  } catch (error) {
    return toAdminFailure(error, UNIT_NOT_FOUND, values);
  }
  revalidatePath("/admin", "layout");
  redirect("/admin/units?done=created");
}

/**
 * Renames, re-codes or moves a unit. The id is bound on the server page with `.bind`, never sent as
 * a form field; it is still checked here, and the data layer re-checks scope and refuses a move
 * into the unit's own subtree.
 */
export async function updateUnitAction(unitId: number, _prev: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const context = await getAdminActionContext({ systemAdminOnly: true });
  if (!context.ok) return context.state;
  const id = boundIdSchema.safeParse(unitId);
  if (!id.success) return { ok: false, message: UNIT_NOT_FOUND };
  const values = pickFormValues(formData, UNIT_FIELDS);
  const parsed = unitFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ...validationFailure(parsed.error), values };
  try {
    await updateUnit(context.actor, id.data, parsed.data, context.ip);
  } catch (error) {
    return toAdminFailure(error, UNIT_NOT_FOUND, values);
  }
  revalidatePath("/admin", "layout");
  redirect("/admin/units?done=updated");
}
