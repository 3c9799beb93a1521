"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { READING_CHARS_PER_MINUTE } from "@/lib/content/reading-time";
import type { MyTask } from "@/lib/my-tasks";
import { testHref } from "@/lib/routes";

/**
 * 我的学习任务 on the prerendered home page: the reader's assigned materials with due dates, what is
 * left, and reminders from their administrators, loaded after hydration. Nothing shows when there
 * is nothing assigned or it cannot be loaded (signed out, offline): the materials list still works.
 */
export function MyTasks() {
  const [tasks, setTasks] = useState<MyTask[] | null>(null);
  useEffect(() => {
    let live = true;
    fetch("/api/me/tasks", { credentials: "same-origin", cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<{ tasks: MyTask[] }>) : null))
      .then((body) => live && setTasks(body?.tasks ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!tasks || tasks.length === 0) return null;
  return (
    <section aria-labelledby="my-tasks" className="mb-8">
      <h2 id="my-tasks" className="mb-3 text-xl font-bold">
        我的学习任务
      </h2>
      <ul className="grid gap-3">
        {tasks.map((task) => (
          <li key={task.assignmentId} className={`rounded-lg border p-4 ${task.reminder || task.pastDue ? "border-amber-400 bg-amber-50" : "border-stone-200 bg-white"}`}>
            <p className="font-bold">{task.materialTitle}</p>
            <p className="text-stone-700">
              {task.startDate} 至 {task.dueDate}
              {task.done ? "，已全部完成 ✓" : task.pastDue ? "，已逾期" : ""}
            </p>
            {task.reminder ? (
              <p role="status" className="mt-2 font-medium text-amber-900">
                单位管理员提醒您（{task.reminder.day}）：请在 {task.dueDate} 前完成学习。
              </p>
            ) : null}
            {task.test.required ? (
              <p className="mt-1 text-stone-700">
                需通过测试：读完全部章节并通过自测才算完成{task.test.passed ? "（自测已通过 ✓）" : ""}
              </p>
            ) : null}
            {!task.done && task.sectionsLeft.length === 0 ? (
              <>
                <p className="mt-2 text-stone-800">已读完全部章节，还需通过自测。</p>
                <Link href={testHref(task.materialSlug)} className="mt-3 inline-block rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
                  参加自测
                  <span className="sr-only">：{task.materialTitle}</span>
                </Link>
              </>
            ) : null}
            {!task.done && task.sectionsLeft.length > 0 ? (
              <>
                <p className="mt-2 text-stone-800">
                  还剩 {task.sectionsLeft.length} / {task.sectionsTotal} 节，预计约 {task.minutesLeft} 分钟
                  <span className="text-stone-600">
                    （未读约 {task.charsLeft.toLocaleString("zh-CN")} 字，按每分钟 {READING_CHARS_PER_MINUTE} 字计）
                  </span>
                  ：
                </p>
                <ul className="mt-1 list-disc pl-5 text-stone-700">
                  {task.sectionsLeft.slice(0, 4).map((s) => (
                    <li key={s.slug}>{s.title}</li>
                  ))}
                  {task.sectionsLeft.length > 4 ? <li>等 {task.sectionsLeft.length} 节</li> : null}
                </ul>
                {task.continueHref ? (
                  <Link href={task.continueHref} className="mt-3 inline-block rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
                    {task.started ? "继续学习" : "开始学习"}
                    <span className="sr-only">：{task.materialTitle}</span>
                  </Link>
                ) : null}
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
