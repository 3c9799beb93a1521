import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { AttemptHistory, EligibilityNotice } from "@/components/quiz/test-intro";
import { StartTestForm } from "@/components/quiz/start-test-form";
import { TestForm } from "@/components/quiz/test-form";
import { TestResult } from "@/components/quiz/test-result";
import { requireUser } from "@/lib/auth/current-user";
import { formatChinaDateTime } from "@/lib/china-time";
import { getReadableMaterial } from "@/lib/content";
import { getQuizBank } from "@/lib/quiz";
import { getMyAttempt, getMyOpenAttempt, getTestEligibility, listMyAttempts } from "@/lib/quiz/attempts";
import { materialHref, testHref } from "@/lib/routes";

type Props = { params: Promise<{ material: string }>; searchParams: Promise<{ attempt?: string | string[] }> };

export const metadata: Metadata = { title: "自测" };

const ATTEMPT_ID = /^[A-Za-z0-9_-]{22}$/;

export default async function TestPage({ params, searchParams }: Props) {
  const { material: slug } = await params;
  // Signed in first: that also brings this process's copy of the published materials up to date.
  const user = await requireUser(testHref(slug));
  const material = getReadableMaterial(user, slug);
  const bank = getQuizBank(slug);
  if (!material || !bank) notFound();
  const { attempt: attemptParam } = await searchParams;
  const requested = typeof attemptParam === "string" && ATTEMPT_ID.test(attemptParam) ? attemptParam : undefined;
  if (attemptParam !== undefined && !requested) notFound();
  const attempt = requested ? await getMyAttempt(user, slug, requested) : await getMyOpenAttempt(user, slug);
  if (requested && !attempt) notFound();

  let body;
  if (attempt?.state === "open") {
    body = (
      <>
        <p className="mb-4 text-stone-700">
          共 {attempt.questions.length} 题，答对 {bank.passPercent}% 及以上为通过。请在 {formatChinaDateTime(attempt.expiresAt)} 前交卷。
        </p>
        <TestForm material={slug} attemptId={attempt.id} questions={attempt.questions} />
      </>
    );
  } else if (attempt?.state === "graded") {
    body = (
      <>
        <TestResult material={slug} grade={attempt.grade} passPercent={attempt.passPercent} />
        <div className="mt-6 flex flex-wrap items-center gap-4">
          <StartTestForm material={slug} label="再测一次" />
          <Link href={materialHref(slug)} className="text-red-800 underline underline-offset-2">
            返回材料目录
          </Link>
        </div>
      </>
    );
  } else {
    const [eligibility, history] = await Promise.all([getTestEligibility(user, slug), listMyAttempts(user, slug)]);
    body = (
      <>
        <EligibilityNotice material={slug} eligibility={eligibility} questions={bank.questionsPerTest} passPercent={bank.passPercent} />
        {eligibility.ok && <StartTestForm material={slug} label="开始测试" />}
        <AttemptHistory material={slug} attempts={history} />
      </>
    );
  }
  return (
    <>
      <Breadcrumbs items={[{ label: "学习材料", href: "/" }, { label: material.title, href: materialHref(slug) }, { label: "自测" }]} />
      <h1 className="text-2xl font-bold leading-snug sm:text-3xl">自测</h1>
      <p className="mb-5 mt-1 text-stone-700">{material.title}</p>
      {body}
    </>
  );
}
