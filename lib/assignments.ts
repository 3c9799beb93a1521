import "server-only";
import { writeAudit } from "./audit";
import { canAdministerUnitPath, getAdminScope, type Actor } from "./auth/permissions";
import { getMaterial, listMaterials, refreshPublishedMaterials } from "./content";
import { ConflictError, NotFoundError } from "./db-errors";
import { Prisma } from "./generated/prisma/client";
import { getEffectiveAssignment } from "./reports/dashboard";
import { getChinaDay } from "./china-time";
import { ancestorOrSelfCondition, subtreeCondition } from "./reports/scope";
import type { AssignmentInput } from "./schemas/reports";
import { hasQuiz } from "./quiz";
import { regateStatement, subtreeReadersCondition } from "./quiz/completion";
import { bySql, executeAtomicallyEach, executeStatement, queryRows } from "./sql";

type AuditActor = Actor & { account: string };

export type AssignmentSummary = {
  id: number;
  materialSlug: string;
  materialTitle: string;
  unitId: number;
  unitName: string;
  unitPath: string;
  startDate: string;
  dueDate: string;
  /** Most self-test attempts per reader; null for unlimited. */
  maxAttempts: number | null;
  /** 需通过测试: complete only when read and the self-test passed. */
  requirePass: boolean;
  /** The actor may withdraw it (it is on a unit they administer); otherwise inherited from above. */
  editable: boolean;
  /** The material was archived (or taken out of content/): readers no longer see the task, and no reminder is sent. */
  closed: boolean;
};

type AssignmentRow = {
  id: number; materialSlug: string; unitId: number; unitName: string; unitPath: string; startDate: string; dueDate: string; maxAttempts: number | null;
  requirePass: boolean | number;
};

const assignmentColumns = Prisma.sql`a."id", a."materialSlug", a."unitId", u."name" AS "unitName", u."path" AS "unitPath", a."startDate", a."dueDate", a."maxAttempts", a."requirePass"`;

function toSummary(actor: Actor, row: AssignmentRow): AssignmentSummary {
  const material = getMaterial(row.materialSlug);
  return {
    ...row,
    requirePass: Boolean(row.requirePass), // SQLite answers 0/1
    materialTitle: material?.title ?? row.materialSlug,
    editable: canAdministerUnitPath(actor, row.unitPath),
    closed: material?.access.status !== "PUBLISHED",
  };
}

/**
 * Assignments an administrator deals with: those on units they administer, and those on the units
 * above them (which apply to their whole scope, read-only here).
 */
export async function listAssignments(actor: Actor): Promise<AssignmentSummary[]> {
  const scope = getAdminScope(actor);
  if (scope === null) return [];
  const rows = await queryRows<AssignmentRow>(Prisma.sql`
    SELECT ${assignmentColumns} FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId"
    WHERE (${subtreeCondition(Prisma.sql`u."path"`, scope)}) OR ${ancestorOrSelfCondition(Prisma.sql`u."path"`, scope)}
    ORDER BY a."dueDate", u."path", a."materialSlug"`);
  return rows.map((row) => toSummary(actor, row));
}

/** One assignment the actor may act on (on a unit they administer, or inherited by their scope), or NotFoundError. */
export async function getAssignment(actor: Actor, id: number): Promise<AssignmentSummary> {
  const scope = getAdminScope(actor);
  const rows = await queryRows<AssignmentRow>(Prisma.sql`
    SELECT ${assignmentColumns} FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId" WHERE a."id" = ${id}`);
  const row = rows[0];
  if (!row || scope === null || !(row.unitPath.startsWith(scope) || scope.startsWith(row.unitPath))) throw new NotFoundError(`assignment ${id}`);
  return toSummary(actor, row);
}

/**
 * Assigns a material to a unit the actor administers. Refused when the material is already assigned
 * to that unit, an ancestor or a descendant, so each reader has one due date per material; the check
 * and the insert are one statement, so two administrators cannot both pass it.
 */
export async function createAssignment(actor: AuditActor, input: AssignmentInput, ip?: string, now = new Date()): Promise<number> {
  await refreshPublishedMaterials();
  const material = getMaterial(input.materialSlug);
  if (!material || material.access.status !== "PUBLISHED") throw new ConflictError("materialSlug", "找不到这份学习材料，或它已归档");
  const [unit] = await queryRows<{ id: number; path: string }>(Prisma.sql`SELECT "id", "path" FROM "Unit" WHERE "id" = ${input.unitId}`);
  if (!unit || !canAdministerUnitPath(actor, unit.path)) throw new ConflictError("unitId", "找不到这个单位，或不在您的管理范围内");
  // A material published for one unit's readers can only be assigned within that unit.
  const audience = material.access.audiencePath;
  if (audience !== null && !unit.path.startsWith(audience)) throw new ConflictError("unitId", "这份学习材料只发布给其他单位，不能布置给这个单位");
  const maxAttempts = input.maxAttempts ?? null;
  const requirePass = input.requirePass ?? false;
  if (requirePass) requireQuiz(input.materialSlug);
  // The assignment and, when it requires a pass, the completions it now withholds: one transaction.
  // On PostgreSQL two such transactions for one material would not see each other's uncommitted row
  // in NOT EXISTS (READ COMMITTED), so they take the material's lock first and run one after the
  // other; SQLite's BEGIN IMMEDIATE already does. The lock's row count is left out of `inserted`.
  const lock = bySql({ postgresql: [Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${`assignment:${input.materialSlug}`}))`], sqlite: [] });
  const [inserted] = (await executeAtomicallyEach([
    ...lock,
    Prisma.sql`
      INSERT INTO "Assignment" ("materialSlug", "unitId", "startDate", "dueDate", "maxAttempts", "requirePass", "createdById", "createdAt")
      SELECT ${input.materialSlug}, ${unit.id}, ${input.startDate}, ${input.dueDate}, ${maxAttempts}, ${requirePass}, ${actor.id}, ${now}
      WHERE NOT EXISTS (
        SELECT 1 FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId"
        WHERE a."materialSlug" = ${input.materialSlug}
          AND ((${subtreeCondition(Prisma.sql`u."path"`, unit.path)}) OR ${ancestorOrSelfCondition(Prisma.sql`u."path"`, unit.path)}))`,
    ...(requirePass ? [regateStatement(Prisma.sql`"materialSlug" = ${input.materialSlug} AND ${subtreeReadersCondition(unit.path)}`)] : []),
  ])).slice(lock.length);
  if (inserted === 0) throw new ConflictError("unitId", "该单位或其上级、下级单位已布置过这份学习材料，请先撤销原任务");
  const [row] = await queryRows<{ id: number }>(Prisma.sql`SELECT "id" FROM "Assignment" WHERE "unitId" = ${unit.id} AND "materialSlug" = ${input.materialSlug}`);
  await writeAudit({
    action: "assignment.create",
    actor,
    targetType: "assignment",
    targetId: row?.id,
    ip,
    detail: { material: input.materialSlug, unitId: unit.id, startDate: input.startDate, dueDate: input.dueDate, maxAttempts: maxAttempts ?? "unlimited", requirePass },
  });
  return row?.id ?? 0;
}

/**
 * Changes the 测试次数上限 of an assignment on a unit the actor administers (null: unlimited). A
 * lower limit than a reader has already used only stops further tests; nothing stored is removed.
 */
export async function updateAssignmentAttemptLimit(actor: AuditActor, id: number, maxAttempts: number | null, ip?: string): Promise<void> {
  const assignment = await getAssignment(actor, id);
  if (!assignment.editable) throw new NotFoundError(`assignment ${id}`);
  const changed = await executeStatement(Prisma.sql`UPDATE "Assignment" SET "maxAttempts" = ${maxAttempts} WHERE "id" = ${id}`);
  if (changed === 0) throw new NotFoundError(`assignment ${id}`);
  await writeAudit({
    action: "assignment.update",
    actor,
    targetType: "assignment",
    targetId: id,
    ip,
    detail: { material: assignment.materialSlug, unitId: assignment.unitId, maxAttempts: maxAttempts ?? "unlimited", previousMaxAttempts: assignment.maxAttempts ?? "unlimited" },
  });
}

function requireQuiz(materialSlug: string): void {
  if (!hasQuiz(materialSlug)) throw new ConflictError("requirePass", "这份学习材料没有可用的自测题，不能要求通过测试");
}

/**
 * Sets or clears 需通过测试 on an assignment on a unit the actor administers. The readers of its
 * subtree are re-gated in the same transaction: setting it withdraws the completion of those who have
 * read but not passed; clearing it completes those who have read everything.
 */
export async function updateAssignmentRequirePass(actor: AuditActor, id: number, requirePass: boolean, ip?: string): Promise<void> {
  const assignment = await getAssignment(actor, id);
  if (!assignment.editable) throw new NotFoundError(`assignment ${id}`);
  if (requirePass === assignment.requirePass) return;
  if (requirePass) requireQuiz(assignment.materialSlug);
  const [changed] = await executeAtomicallyEach([
    Prisma.sql`UPDATE "Assignment" SET "requirePass" = ${requirePass} WHERE "id" = ${id}`,
    regateStatement(Prisma.sql`"materialSlug" = ${assignment.materialSlug} AND ${subtreeReadersCondition(assignment.unitPath)}`),
  ]);
  if (changed === 0) throw new NotFoundError(`assignment ${id}`);
  await writeAudit({
    action: "assignment.update",
    actor,
    targetType: "assignment",
    targetId: id,
    ip,
    detail: { material: assignment.materialSlug, unitId: assignment.unitId, requirePass, previousRequirePass: assignment.requirePass },
  });
}

/** Withdraws an assignment on a unit the actor administers (its reminders go with it). */
export async function deleteAssignment(actor: AuditActor, id: number, ip?: string): Promise<void> {
  const assignment = await getAssignment(actor, id);
  if (!assignment.editable) throw new NotFoundError(`assignment ${id}`);
  // Withdrawn with its requirement: its readers who have read everything complete now.
  await executeAtomicallyEach([
    Prisma.sql`DELETE FROM "Assignment" WHERE "id" = ${id}`,
    ...(assignment.requirePass ? [regateStatement(Prisma.sql`"materialSlug" = ${assignment.materialSlug} AND ${subtreeReadersCondition(assignment.unitPath)}`)] : []),
  ]);
  await writeAudit({
    action: "assignment.delete",
    actor,
    targetType: "assignment",
    targetId: id,
    ip,
    detail: { material: assignment.materialSlug, unitId: assignment.unitId, dueDate: assignment.dueDate },
  });
}

/**
 * The end of the due day (China time) of the assignment that applies to a reader's unit for a
 * material, or null when none applies. Used to close withdrawing a submitted 心得 after the due day.
 */
export async function getDueMoment(unitPath: string, materialSlug: string): Promise<Date | null> {
  const assignment = await getEffectiveAssignment(unitPath, materialSlug, getChinaDay());
  return assignment ? new Date(`${assignment.dueDate}T23:59:59.999+08:00`) : null;
}

/** Materials an assignment can name, for the form: published ones whose audience reaches into the actor's scope. */
export async function listAssignableMaterials(actor: Actor): Promise<Array<{ slug: string; title: string }>> {
  await refreshPublishedMaterials();
  const scope = getAdminScope(actor) ?? "";
  return listMaterials()
    .filter((m) => m.access.status === "PUBLISHED" && (m.access.audiencePath === null || m.access.audiencePath.startsWith(scope) || scope.startsWith(m.access.audiencePath)))
    .map((m) => ({ slug: m.slug, title: m.title }));
}

export type ReminderResult = { sent: number; alreadyReminded: number };

/** Who a reminder goes to: the readers of `targetPath`'s subtree (assignment ∩ scope ∩ unit viewed). */
type ReminderTarget = { assignment: AssignmentSummary; targetPath: string; unitId: number | null };

/**
 * The subtree a reminder covers: the readers both in the assignment's subtree and in the actor's
 * scope (the deeper of the two paths), narrowed to the unit the administrator was looking at when
 * one is given. A unit outside both is NotFoundError, like a missing one.
 */
async function getReminderTarget(actor: Actor, assignmentId: number, unitId?: number): Promise<ReminderTarget> {
  const assignment = await getAssignment(actor, assignmentId);
  if (assignment.closed) throw new ConflictError("assignment", "这份学习材料已归档，任务已关闭，不再发送提醒");
  const scope = getAdminScope(actor)!;
  const target = assignment.unitPath.startsWith(scope) ? assignment.unitPath : scope;
  if (unitId === undefined) return { assignment, targetPath: target, unitId: null };
  const [unit] = await queryRows<{ path: string }>(Prisma.sql`SELECT "path" FROM "Unit" WHERE "id" = ${unitId}`);
  if (unit?.path.startsWith(target)) return { assignment, targetPath: unit.path, unitId };
  if (unit && target.startsWith(unit.path)) return { assignment, targetPath: target, unitId };
  throw new NotFoundError(`unit ${unitId} for assignment ${assignmentId}`);
}

/** Counted readers of the target subtree who have not completed the material (FROM … WHERE …). */
function pendingReaders({ assignment, targetPath }: ReminderTarget): Prisma.Sql {
  return Prisma.sql`
    FROM "User" u JOIN "Unit" n ON n."id" = u."unitId"
    LEFT JOIN "ReaderMaterial" m ON m."userId" = u."id" AND m."materialSlug" = ${assignment.materialSlug}
    WHERE ${subtreeCondition(Prisma.sql`n."path"`, targetPath)} AND u."role" = 'READER' AND u."disabled" = false AND m."completedAt" IS NULL`;
}

function remindedOn(assignmentId: number, day: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "Reminder" r WHERE r."assignmentId" = ${assignmentId} AND r."userId" = u."id" AND r."day" = ${day})`;
}

export const RECIPIENTS_PAGE_SIZE = 50;

export type ReminderPreview = {
  assignment: AssignmentSummary;
  /** The unit whose subtree the reminder covers (the unit viewed, within the assignment and scope). */
  scopeName: string;
  /** Readers a send now would remind (not finished, not yet reminded today). */
  toSend: number;
  /** Readers not finished but already reminded today: skipped. */
  alreadyReminded: number;
  /** One page of `toSend`, by unit then account. */
  recipients: Array<{ id: number; name: string; account: string; unitName: string }>;
  page: number;
  pageCount: number;
};

/** Who a reminder sent now would reach, for the confirmation step; the send recomputes it. */
export async function previewReminders(actor: Actor, assignmentId: number, options: { unitId?: number; page?: number } = {}, now = new Date()): Promise<ReminderPreview> {
  const target = await getReminderTarget(actor, assignmentId, options.unitId);
  const day = getChinaDay(now);
  const pending = pendingReaders(target);
  const reminded = remindedOn(target.assignment.id, day);
  const [counts] = await queryRows<{ pending: number; reminded: number }>(
    Prisma.sql`SELECT COUNT(*) AS "pending", COALESCE(SUM(CASE WHEN ${reminded} THEN 1 ELSE 0 END), 0) AS "reminded" ${pending}`,
  );
  const alreadyReminded = Number(counts?.reminded ?? 0);
  const toSend = Number(counts?.pending ?? 0) - alreadyReminded;
  const pageCount = Math.max(1, Math.ceil(toSend / RECIPIENTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const recipients = await queryRows<{ id: number; name: string; account: string; unitName: string }>(Prisma.sql`
    SELECT u."id", u."name", u."account", n."name" AS "unitName" ${pending} AND NOT ${reminded}
    ORDER BY n."path", u."account" LIMIT ${RECIPIENTS_PAGE_SIZE} OFFSET ${(page - 1) * RECIPIENTS_PAGE_SIZE}`);
  const [scope] = await queryRows<{ name: string }>(Prisma.sql`SELECT "name" FROM "Unit" WHERE "path" = ${target.targetPath}`);
  return { assignment: target.assignment, scopeName: scope?.name ?? target.assignment.unitName, toSend, alreadyReminded, recipients, page, pageCount };
}

/**
 * Sends an in-app reminder to every counted reader of the assignment (within the actor's scope, and
 * the unit viewed when given) who has not completed the material: at most one per reader, assignment
 * and China-time day (the unique key makes a second send the same day a no-op, across instances and
 * double clicks alike). `confirmed` is the count the administrator saw and confirmed; it is recorded.
 */
export async function sendReminders(
  actor: AuditActor,
  assignmentId: number,
  ip?: string,
  now = new Date(),
  options: { unitId?: number; confirmed?: number } = {},
): Promise<ReminderResult> {
  const target = await getReminderTarget(actor, assignmentId, options.unitId);
  const { assignment } = target;
  const day = getChinaDay(now);
  const pending = pendingReaders(target);
  const sent = await executeStatement(Prisma.sql`
    INSERT INTO "Reminder" ("assignmentId", "userId", "day", "sentById", "createdAt")
    SELECT ${assignment.id}, u."id", ${day}, ${actor.id}, ${now} ${pending}
    ON CONFLICT ("assignmentId", "userId", "day") DO NOTHING`);
  const [row] = await queryRows<{ total: number }>(Prisma.sql`SELECT COUNT(*) AS "total" ${pending}`);
  const result = { sent, alreadyReminded: Math.max(0, (row?.total ?? 0) - sent) };
  await writeAudit({
    action: "reminder.send",
    actor,
    targetType: "assignment",
    targetId: assignment.id,
    ip,
    detail: {
      day,
      ...(target.unitId === null ? {} : { unitId: target.unitId }),
      ...(options.confirmed === undefined ? {} : { confirmed: options.confirmed }),
      sent: result.sent,
      alreadyReminded: result.alreadyReminded,
    },
  });
  return result;
}
