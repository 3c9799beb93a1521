// Reminders go out only after the administrator has seen who and how many: the confirmation's list,
// and a send that re-checks permission and recipients and says when they changed.
//   省局 ROOT ─ 甲处 A ─ 甲处一科 A1 (assignment) ─ 甲处一组 A1X;  乙处 B
import { describe, expect, it, vi } from "vitest";
import { ASSIGNMENT, UNITS, USERS, actorOf, form, signInAs, useAccountFixture } from "../admin/fixtures";
import { insertSectionProgress } from "../helpers/progress";

vi.mock("next/headers", () => import("../helpers/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

useAccountFixture();

const MATERIAL = "deep-poverty-speech";

async function lib() {
  const [{ getDb }, assignments, counters, content, actions] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/assignments"),
    import("@/lib/reports/counters"),
    import("@/lib/content"),
    import("@/app/admin/assignments/actions"),
  ]);
  await counters.syncMaterialCatalog();
  return { db: await getDb(), ...assignments, ...actions, material: content.getMaterial(MATERIAL)! };
}

/** `count` more readers in 甲处一组 (A1X), accounts zz-000…, who have read nothing. */
async function addReaders(count: number) {
  const { db } = await lib();
  await db.user.createMany({
    data: Array.from({ length: count }, (_, i) => ({ account: `zz-${String(i).padStart(3, "0")}`, name: `一组学员${i}`, unitId: UNITS.a1x.id, role: "READER" as const, passwordHash: "x" })),
  });
}

async function completeAll(userId: number) {
  const { db, material } = await lib();
  for (const section of material.sections) await insertSectionProgress(db, userId, MATERIAL, section, new Date("2026-11-20T03:00:00Z"));
}

describe("the reminder confirmation", () => {
  it("lists who would be reminded and how many, 50 a page, without completers or those reminded today", async () => {
    const { previewReminders, sendReminders, RECIPIENTS_PAGE_SIZE } = await lib();
    await addReaders(54);
    await completeAll(USERS.readerA1.id);
    const now = new Date("2026-12-07T02:00:00Z");
    const first = await previewReminders(actorOf("adminA"), ASSIGNMENT.id, {}, now);
    expect(first).toMatchObject({ toSend: 54, alreadyReminded: 0, page: 1, pageCount: 2 });
    expect(first.assignment).toMatchObject({ id: ASSIGNMENT.id, unitName: "甲处一科" });
    expect(first.recipients).toHaveLength(RECIPIENTS_PAGE_SIZE);
    expect(first.recipients[0]).toMatchObject({ name: "一组学员0", account: "zz-000", unitName: "甲处一组" });
    expect(first.recipients.map((r) => r.account)).not.toContain("reader-a1");
    const second = await previewReminders(actorOf("adminA"), ASSIGNMENT.id, { page: 2 }, now);
    expect(second.recipients.map((r) => r.account)).toEqual(["zz-050", "zz-051", "zz-052", "zz-053"]);

    await sendReminders(actorOf("adminA"), ASSIGNMENT.id, undefined, now);
    const { db } = await lib();
    await db.user.create({ data: { account: "zz-new", name: "新来的", unitId: UNITS.a1x.id, role: "READER", passwordHash: "x" } });
    const after = await previewReminders(actorOf("adminA"), ASSIGNMENT.id, {}, now);
    expect(after).toMatchObject({ toSend: 1, alreadyReminded: 54, recipients: [{ account: "zz-new" }] });
  });

  it("narrows to the unit viewed, and refuses units and assignments out of reach like missing ones", async () => {
    const { previewReminders } = await lib();
    const { NotFoundError } = await import("@/lib/db-errors");
    await addReaders(3);
    const a1x = await previewReminders(actorOf("adminA"), ASSIGNMENT.id, { unitId: UNITS.a1x.id });
    expect(a1x.toSend).toBe(3);
    // 甲处 (A) is above the assignment: the assignment's own subtree (readerA1 and A1X) counts.
    expect((await previewReminders(actorOf("adminA"), ASSIGNMENT.id, { unitId: UNITS.a.id })).toSend).toBe(4);
    await expect(previewReminders(actorOf("adminA"), ASSIGNMENT.id, { unitId: UNITS.b.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(previewReminders(actorOf("adminB"), ASSIGNMENT.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(previewReminders(actorOf("readerA1"), ASSIGNMENT.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("sendRemindersAction", () => {
  it("recomputes the recipients, says when they changed since the confirmation, and never sends twice", async () => {
    const { sendRemindersAction, db } = await lib();
    await addReaders(2);
    await signInAs("adminA");
    // Confirmed 3 (readerA1 and two in A1X); meanwhile readerA1 finished.
    await completeAll(USERS.readerA1.id);
    const result = await sendRemindersAction(ASSIGNMENT.id, { ok: false }, form({ confirmed: "3", unit: String(UNITS.a1.id) }));
    expect(result).toEqual({ ok: true, message: "名单在您确认后有变化（确认时 3 人，实际发送 2 人）：期间可能有学员完成学习、调动单位或已被其他管理员提醒。已向 2 人发送提醒。" });
    expect(await db.reminder.count()).toBe(2);
    // A double click: both submissions arrive; the second sends nothing and says why.
    const [again, third] = await Promise.all([
      sendRemindersAction(ASSIGNMENT.id, { ok: false }, form({ confirmed: "2", unit: String(UNITS.a1.id) })),
      sendRemindersAction(ASSIGNMENT.id, { ok: false }, form({ confirmed: "2", unit: String(UNITS.a1.id) })),
    ]);
    expect([again.message, third.message]).toEqual([expect.stringContaining("已向 0 人发送提醒；2 人今天已提醒过"), expect.stringContaining("已向 0 人发送提醒；2 人今天已提醒过")]);
    expect(await db.reminder.count()).toBe(2);
    // The audit log outlives each test (append-only): the newest three are this test's sends.
    const entry = (await db.auditLog.findMany({ where: { action: "reminder.send" }, orderBy: { id: "desc" }, take: 3 }))[2]!;
    expect(JSON.parse(entry.detail ?? "{}")).toMatchObject({ unitId: UNITS.a1.id, confirmed: 3, sent: 2, alreadyReminded: 0 });
  });

  it("re-checks who is asking and validates the confirmation", async () => {
    const { sendRemindersAction, db } = await lib();
    await signInAs("adminB");
    await expect(sendRemindersAction(ASSIGNMENT.id, { ok: false }, form({ confirmed: "1" }))).resolves.toMatchObject({ ok: false, message: "找不到该学习任务，可能已被撤销，请刷新页面后重试" });
    await signInAs("readerA1");
    await expect(sendRemindersAction(ASSIGNMENT.id, { ok: false }, form({ confirmed: "1" }))).resolves.toMatchObject({ ok: false, message: "您没有权限执行此操作" });
    await signInAs("adminA");
    await expect(sendRemindersAction(ASSIGNMENT.id, { ok: false }, form({}))).resolves.toMatchObject({ ok: false });
    await expect(sendRemindersAction(ASSIGNMENT.id, { ok: false }, form({ confirmed: "-1" }))).resolves.toMatchObject({ ok: false });
    await expect(sendRemindersAction(ASSIGNMENT.id, { ok: false }, form({ confirmed: "1", unit: String(UNITS.b.id) }))).resolves.toMatchObject({ ok: false });
    expect(await db.reminder.count()).toBe(0);
  });
});
