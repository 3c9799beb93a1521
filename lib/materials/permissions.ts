import { canAdministerUnitPath, type Actor } from "@/lib/auth/permissions";

/** Who may read a published material: its status and audience (null: the whole portal). */
export type MaterialAccess = { status: "DRAFT" | "PUBLISHED" | "ARCHIVED"; audiencePath: string | null };

/**
 * Whether the actor may publish, revise or archive a material for this audience: a system
 * administrator for any, a unit administrator only for a unit in their own subtree (never the whole
 * portal), a reader never.
 */
export function canManageMaterialFor(actor: Actor, audiencePath: string | null): boolean {
  if (actor.role === "SYSTEM_ADMIN") return true;
  if (actor.role !== "UNIT_ADMIN" || audiencePath === null) return false;
  return canAdministerUnitPath(actor, audiencePath);
}

/** Whether a viewer (null: not signed in, where public reading is on) may read the material. */
export function canReadPublishedMaterial(viewer: { unitPath: string } | null, material: MaterialAccess): boolean {
  if (material.status !== "PUBLISHED") return false;
  if (material.audiencePath === null) return true;
  return viewer !== null && viewer.unitPath.startsWith(material.audiencePath);
}
