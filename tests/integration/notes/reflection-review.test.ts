/**
 * 点评 and 退回修改 of submitted 心得: who may act (the reader's unit administrators and system
 * administrators, never another unit's or a peer administrator), the review states, refusals that
 * store nothing, and audit entries that never hold the text.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { LONE_SURROGATE_MESSAGE } from "@/lib/schemas/text";
import { actorOf, expectRedirect, form, signInAs, snapshotAccounts, USERS, useAccountFixture, type UserKey } from "../admin/fixtures";
import { call, MATERIAL, routes } from "./helpers";

vi.mock("next/headers", () => import("../helpers/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

useAccountFixture();

const actions = () => import("@/app/admin/reflections/[id]/actions");
const prev = { ok: false };
const KEY = { material: MATERIAL, section: "part-1" };

async function save(user: UserKey, body: string, rev: number) {
  await signInAs(user);
  const { PUT } = await routes.reflections();
  return call(PUT, { method: "PUT", path: "/api/reflections", body: { ...KEY, body, rev } });
}

async function submit(user: UserKey, rev: number) {
  await signInAs(user);
  const { POST } = await routes.submission();
  return call(POST, { method: "POST", path: "/api/reflections/submission", body: { ...KEY, rev } });
}

/** readerA1 writes and submits a 心得; its id and submission time as an administrator's page shows them. */
async function submitted(body = "一科学员的心得：要把精准扶贫落到实处。", user: UserKey = "readerA1") {
  await save(user, body, 0);
  const answer = await submit(user, 1);
  expect(answer.status).toBe(200);
  const { getDb } = await import("@/lib/db");
  const row = await (await getDb()).reflection.findFirstOrThrow({ where: { userId: USERS[user].id }, select: { id: true, submittedAt: true } });
  return { id: row.id, seen: row.submittedAt!.toISOString() };
}

async function comment(admin: UserKey | undefined, target: { id: number; seen: string }, body: string, requestId: string = randomUUID()) {
  await signInAs(admin);
  return (await actions()).commentReflectionAction(target.id, target.seen, prev, form({ body, requestId }));
}

async function giveBack(admin: UserKey | undefined, target: { id: number; seen: string }, reason: string) {
  await signInAs(admin);
  return (await actions()).returnReflectionAction(target.id, target.seen, prev, form({ reason }));
}

/** Audit entries about one reflection (the log is append-only and outlives each test's fixture; ids are never reused). */
async function auditOf(targetId: number, action?: string) {
  const { getDb } = await import("@/lib/db");
  return (await getDb()).auditLog.findMany({ where: { targetType: "reflection", targetId: String(targetId), ...(action ? { action } : {}) }, orderBy: { id: "asc" } });
}

/** Everything a review could change (signing in adds sessions, which are not compared). */
async function reviewData() {
  const { reflections, reflectionComments, audit } = await snapshotAccounts();
  return { reflections, reflectionComments, audit };
}

async function readerView(user: UserKey = "readerA1") {
  const { getMyReflection } = await import("@/lib/notes/reflections");
  return getMyReflection(USERS[user].id, KEY);
}

describe("退回修改 and resubmission", () => {
  it("goes submitted → returned (reason shown to the reader) → edited and resubmitted (seen by the administrator)", async () => {
    const target = await submitted();
    expect((await readerView())?.review).toEqual({ state: "SUBMITTED", returned: null, comments: [] });

    await expectRedirect(giveBack("adminA", target, "请结合本职工作，写出具体打算。"), `/admin/reflections/${target.id}?done=returned`);
    const returned = await readerView();
    expect(returned?.review.state).toBe("RETURNED");
    expect(returned?.review.returned).toEqual({ reason: "请结合本职工作，写出具体打算。", at: expect.any(String), by: "甲处管理员" });

    // The administrator still sees the copy that was returned; the reader's edits stay private until resubmitted.
    const { getSubmittedReflectionInScope } = await import("@/lib/notes/reflections");
    await save("readerA1", "修改后的心得：本科室三项具体打算……", 1);
    expect(await getSubmittedReflectionInScope(actorOf("adminA"), target.id)).toMatchObject({ submittedBody: "一科学员的心得：要把精准扶贫落到实处。", review: { state: "RETURNED" } });

    const again = await submit("readerA1", 2);
    expect(again.status).toBe(200);
    expect(again.json.reflection).toMatchObject({ review: { state: "RESUBMITTED", returned: { reason: "请结合本职工作，写出具体打算。" } } });
    const seenByAdmin = await getSubmittedReflectionInScope(actorOf("adminA"), target.id);
    expect(seenByAdmin).toMatchObject({ submittedBody: "修改后的心得：本科室三项具体打算……", review: { state: "RESUBMITTED" }, canReview: true });

    // A resubmitted 心得 may be returned again, on its new submission.
    await expectRedirect(giveBack("sys", { id: target.id, seen: seenByAdmin.submittedAt.toISOString() }, "还需补充时间安排"), `/admin/reflections/${target.id}?done=returned`);
    expect((await readerView())?.review.returned).toMatchObject({ reason: "还需补充时间安排", by: "系统管理员" });
  });

  it("refuses to return a 心得 twice, one that is private, withdrawn or another unit's, and one resubmitted since the page was shown", async () => {
    const target = await submitted();
    await expectRedirect(giveBack("adminA", target, "第一次退回"), `/admin/reflections/${target.id}?done=returned`);
    const before = await reviewData();
    expect(await giveBack("sys", target, "第二次退回")).toMatchObject({ ok: false, message: "这篇心得已经退回，正在等学员修改后重新提交" });
    expect(await reviewData()).toEqual(before);
    expect(await auditOf(target.id, "reflection.return")).toHaveLength(1);

    // The reader resubmits; a form still showing the old submission is refused, for returns and comments.
    await submit("readerA1", 1);
    const stale = await reviewData();
    expect(await giveBack("adminA", target, "基于旧页面的退回")).toMatchObject({ ok: false, message: expect.stringContaining("学员已重新提交或撤回") });
    expect(await comment("adminA", target, "基于旧页面的点评")).toMatchObject({ ok: false, message: expect.stringContaining("学员已重新提交或撤回") });
    expect(await reviewData()).toEqual(stale);

    // Another unit's administrator: the same answer as for a missing one, nothing stored.
    const { getDb } = await import("@/lib/db");
    const current = (await (await getDb()).reflection.findUniqueOrThrow({ where: { id: target.id } })).submittedAt!.toISOString();
    expect(await giveBack("adminB", { id: target.id, seen: current }, "越权退回")).toMatchObject({ ok: false, message: expect.stringContaining("找不到这篇心得") });
    expect(await comment("adminB", { id: target.id, seen: current }, "越权点评")).toMatchObject({ ok: false, message: expect.stringContaining("找不到这篇心得") });

    // Private (never submitted) and withdrawn 心得 cannot be acted on.
    await save("readerB", "乙处学员私下写的", 0);
    const privateRow = await (await getDb()).reflection.findFirstOrThrow({ where: { userId: USERS.readerB.id } });
    expect(await giveBack("sys", { id: privateRow.id, seen: current }, "退回未提交的")).toMatchObject({ ok: false, message: expect.stringContaining("找不到这篇心得") });
    await signInAs("readerA1");
    const { DELETE } = await routes.submission();
    expect((await call(DELETE, { method: "DELETE", path: "/api/reflections/submission", body: KEY })).status).toBe(200);
    expect(await giveBack("adminA", { id: target.id, seen: current }, "退回已撤回的")).toMatchObject({ ok: false, message: expect.stringContaining("找不到这篇心得") });
    expect((await readerView())?.review.state).toBeNull();
  });

  it("lets a reader resubmit once: a second identical submit is refused and logged once; another reader cannot resubmit it", async () => {
    const target = await submitted();
    await expectRedirect(giveBack("adminA", target, "请修改"), `/admin/reflections/${target.id}?done=returned`);
    expect((await submit("readerB", 1)).status).toBe(404);
    expect((await readerView())?.review.state).toBe("RETURNED");
    expect((await submit("readerA1", 1)).status).toBe(200);
    const twice = await submit("readerA1", 1);
    expect(twice.status).toBe(409);
    expect(twice.json).toMatchObject({ error: "already_submitted", message: "这篇心得已经提交过了，内容没有变化，无需再次提交" });
    expect(await auditOf(target.id, "reflection.resubmit")).toEqual([expect.objectContaining({ actorId: USERS.readerA1.id, targetType: "reflection", targetId: String(target.id) })]);
  });
});

describe("点评", () => {
  it("is seen by the reader on the 心得 and in 我的笔记, with the administrator's name; a form sent twice stores one", async () => {
    const target = await submitted();
    const requestId = randomUUID();
    // A browser sends a textarea's line breaks as CRLF: stored as "\n".
    await expectRedirect(comment("adminA", target, "联系实际很好。\r\n建议再谈谈下一步。", requestId), `/admin/reflections/${target.id}?done=commented`);
    expect(await comment("adminA", target, "联系实际很好。\r\n建议再谈谈下一步。", requestId)).toMatchObject({ ok: false, message: "这条点评已经发表过了，没有重复保存" });
    await expectRedirect(comment("sysA", target, "同意。"), `/admin/reflections/${target.id}?done=commented`);

    const comments = (await readerView())?.review.comments;
    expect(comments?.map((c) => [c.author, c.body])).toEqual([
      ["甲处管理员", "联系实际很好。\n建议再谈谈下一步。"],
      ["甲处系统管理员", "同意。"],
    ]);
    const { getMyNotebook } = await import("@/lib/notes/notebook");
    const notebook = await getMyNotebook({ id: USERS.readerA1.id, name: "一科学员" });
    expect(notebook.materials[0]?.sections.find((s) => s.slug === "part-1")?.reflection?.review.comments).toHaveLength(2);
    // Commenting does not change the state: only 退回修改 does.
    expect((await readerView())?.review.state).toBe("SUBMITTED");
  });

  it("refuses an empty, too long or unsavable comment or reason with a clear message, storing nothing", async () => {
    const target = await submitted();
    const before = await reviewData();
    expect(await comment("adminA", target, "   \n ")).toMatchObject({ ok: false, fieldErrors: { body: ["请填写点评"] }, values: { body: "   \n " } });
    expect(await comment("adminA", target, "评".repeat(1_001))).toMatchObject({ ok: false, fieldErrors: { body: ["点评最多 1,000 字"] } });
    expect(await comment("adminA", target, "含控制字符\u0007")).toMatchObject({ ok: false, fieldErrors: { body: ["点评中含有无法保存的控制字符"] } });
    expect(await giveBack("adminA", target, "")).toMatchObject({ ok: false, fieldErrors: { reason: ["请填写退回理由"] } });
    expect(await giveBack("adminA", target, "由".repeat(501))).toMatchObject({ ok: false, fieldErrors: { reason: ["退回理由最多 500 字"] } });
    await signInAs("adminA");
    expect(await (await actions()).commentReflectionAction(target.id, target.seen, prev, form({ body: "好", requestId: "not-a-uuid" }))).toMatchObject({
      ok: false,
      fieldErrors: { requestId: ["表单已过期，请刷新页面后重试"] },
    });
    expect(await (await actions()).commentReflectionAction(target.id, "yesterday", prev, form({ body: "好", requestId: randomUUID() }))).toMatchObject({ ok: false, message: expect.stringContaining("找不到这篇心得") });
    expect(await reviewData()).toEqual(before);

    // A browser's FormData cannot carry a lone surrogate; JSON or a crafted request can: the schema refuses it.
    const { reviewCommentFormSchema, returnReflectionFormSchema } = await import("@/lib/schemas/notes");
    expect(reviewCommentFormSchema.safeParse({ body: "点评\ud800", requestId: randomUUID() }).error?.issues[0]?.message).toBe(LONE_SURROGATE_MESSAGE);
    expect(returnReflectionFormSchema.safeParse({ reason: "\udc00理由" }).error?.issues[0]?.message).toBe(LONE_SURROGATE_MESSAGE);
  });
});

describe("who may review", () => {
  // [admin, may comment and return?] on a 心得 by readerA1 of 甲处一科 (below 甲处).
  const MATRIX: Array<[UserKey | undefined, "changed" | "refused" | "login"]> = [
    [undefined, "login"],
    ["readerB", "refused"],
    ["readerA", "refused"],
    ["adminB", "refused"],
    ["adminA", "changed"],
    ["sysA", "changed"],
    ["sys", "changed"],
  ];

  it.each(MATRIX)("%s → %s (comment and return)", async (who, expected) => {
    const target = await submitted();
    const before = await reviewData();
    for (const attempt of [() => comment(who, target, "点评内容"), () => giveBack(who, target, "退回理由")]) {
      const outcome = await attempt().then(
        (state) => ("ok" in state && state.ok ? "changed" : "refused") as string,
        (error: { digest?: string }) => (error.digest?.split(";")[2] === "/login" ? "login" : error.digest?.includes(`/admin/reflections/${target.id}`) ? "changed" : String(error)),
      );
      expect(outcome).toBe(expected);
    }
    if (expected !== "changed") expect(await reviewData()).toEqual(before);
    else expect((await readerView())?.review).toMatchObject({ state: "RETURNED", comments: [expect.objectContaining({ body: "点评内容" })] });
  });

  it("refuses a unit administrator on a peer administrator's 心得 and anyone on their own, with a reason", async () => {
    const { getDb } = await import("@/lib/db");
    // readerA becomes a second administrator of 甲处 (adminA's own unit): a peer.
    await (await getDb()).user.update({ where: { id: USERS.readerA.id }, data: { role: "UNIT_ADMIN" } });
    const target = await submitted("同级管理员的心得", "readerA");
    const before = await reviewData();
    expect(await comment("adminA", target, "评同级")).toMatchObject({ ok: false, message: expect.stringContaining("您不能点评或退回这篇心得") });
    expect(await giveBack("readerA", target, "退回自己的")).toMatchObject({ ok: false, message: expect.stringContaining("您不能点评或退回这篇心得") });
    expect(await reviewData()).toEqual(before);
    const { getSubmittedReflectionInScope } = await import("@/lib/notes/reflections");
    expect((await getSubmittedReflectionInScope(actorOf("adminA"), target.id)).canReview).toBe(false);
    await expectRedirect(comment("sys", target, "系统管理员可以点评"), `/admin/reflections/${target.id}?done=commented`);
  });
});

describe("audit log", () => {
  it("records comment, return and resubmit with ids and lengths, never the text", async () => {
    const secretish = "只写给学员看的点评原文";
    const reason = "退回理由的原文不能进日志";
    const body = "学员心得的原文也不能进日志";
    const target = await submitted(body);
    await expectRedirect(comment("adminA", target, secretish), `/admin/reflections/${target.id}?done=commented`);
    await expectRedirect(giveBack("adminA", target, reason), `/admin/reflections/${target.id}?done=returned`);
    expect((await submit("readerA1", 1)).status).toBe(200);

    const rows = await auditOf(target.id);
    expect(rows.map((r) => [r.action, r.actorAccount, r.targetType, r.targetId, r.ip])).toEqual([
      ["reflection.comment", "admin-a", "reflection", String(target.id), "203.0.113.9"],
      ["reflection.return", "admin-a", "reflection", String(target.id), "203.0.113.9"],
      ["reflection.resubmit", "reader-a1", "reflection", String(target.id), "203.0.113.9"],
    ]);
    expect(rows.map((r) => JSON.parse(r.detail ?? "{}"))).toEqual([
      { readerId: USERS.readerA1.id, chars: secretish.length },
      { readerId: USERS.readerA1.id, chars: reason.length },
      { chars: body.length },
    ]);
    const everything = JSON.stringify(rows);
    for (const text of [secretish, reason, body]) expect(everything).not.toContain(text);
  });
});
