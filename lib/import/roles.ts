import type { Role } from "../generated/prisma/enums";
import { ROLE_LABELS } from "../auth/permissions";

// What the 角色 column may say for each role: the label the portal shows, older wording, and the code.
const ROLE_ALIASES: Record<Role, string[]> = {
  READER: [ROLE_LABELS.READER, "读者", "READER"],
  UNIT_ADMIN: [ROLE_LABELS.UNIT_ADMIN, "UNIT_ADMIN"],
  SYSTEM_ADMIN: [ROLE_LABELS.SYSTEM_ADMIN, "SYSTEM_ADMIN"],
};

const lookup = new Map<string, Role>(
  (Object.entries(ROLE_ALIASES) as Array<[Role, string[]]>).flatMap(([role, names]) => names.map((name) => [normalizeRoleText(name), role] as const)),
);

function normalizeRoleText(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

/** The role a 角色 cell names: blank means 学员 (READER); null when the text names no role. */
export function parseRoleText(text: string | undefined): Role | null {
  const normalized = normalizeRoleText(text ?? "");
  if (normalized === "") return "READER";
  return lookup.get(normalized) ?? null;
}
