import Link from "next/link";
import { formatChinaTime } from "@/lib/china-time";
import { toActiveMinutes } from "@/lib/progress/minutes";
import type { MaterialProgress } from "@/lib/progress/read";
import { sectionHref, testHref } from "@/lib/routes";
import { SectionStateBadge } from "./section-state";

function minutes(seconds: number): string {
  return `${toActiveMinutes(seconds)} 分钟`;
}

/**
 * One material's progress as the reader sees it: the same evidence an administrator will see.
 * `passRequirement` is set when the reader's assignment requires passing the self-test (需通过测试).
 */
export function MaterialProgressCard({ progress, passRequirement }: { progress: MaterialProgress; passRequirement?: { passed: boolean } }) {
  const total = progress.sections.length;
  const percent = Math.round((progress.done / Math.max(1, total)) * 100);
  return (
    <section aria-labelledby={`progress-${progress.materialSlug}`} className="min-w-0 rounded-lg border border-stone-200 bg-white p-4 sm:p-5">
      <h2 id={`progress-${progress.materialSlug}`} className="text-xl font-bold leading-snug">
        {progress.title}
      </h2>
      <p className="mt-2 text-stone-700">
        已完成 {progress.done} / {total} 节（{percent}%），有效阅读 {minutes(progress.activeSeconds)}
      </p>
      <progress className="mt-2 h-3 w-full" max={total} value={progress.done} aria-label={`${progress.title}完成进度`} />
      {passRequirement ? (
        <p className="mt-2 text-stone-800">
          {passRequirement.passed
            ? "需通过测试：自测已通过 ✓"
            : progress.done === total
              ? "已读完全部章节。本材料需通过自测才算完成："
              : "本材料需读完全部章节并通过自测才算完成。"}
          {!passRequirement.passed && progress.done === total ? (
            <Link href={testHref(progress.materialSlug)} className="ml-1 font-medium text-red-800 underline underline-offset-2">
              参加自测
            </Link>
          ) : null}
        </p>
      ) : null}
      {progress.continueHref && (
        <Link href={progress.continueHref} className="mt-3 inline-block rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
          继续学习
        </Link>
      )}
      {/* On a phone the table fits the screen (columns wrap, the bar beside each percentage waits for a
          wider screen); the scrolling region only catches the largest font sizes. */}
      <div className="mt-4 overflow-x-auto" tabIndex={0} role="region" aria-label={`${progress.title}：各节进度`}>
        <table className="w-full text-left text-sm sm:min-w-[32rem]">
          <thead>
            <tr className="border-b border-stone-200 text-stone-600">
              <th scope="col" className="py-2 pr-2 font-medium sm:pr-3">章节</th>
              <th scope="col" className="py-2 pr-2 font-medium sm:pr-3">状态</th>
              <th scope="col" className="whitespace-nowrap py-2 pr-2 font-medium sm:pr-3">已读</th>
              <th scope="col" className="whitespace-nowrap py-2 pr-2 font-medium sm:pr-3">有效阅读</th>
              <th scope="col" className="py-2 font-medium">完成时间</th>
            </tr>
          </thead>
          <tbody>
            {progress.sections.map((s) => (
              <tr key={s.slug} className="border-b border-stone-100">
                <th scope="row" className="py-2 pr-2 font-normal sm:pr-3">
                  <Link href={sectionHref(progress.materialSlug, s.slug)} className="text-red-900 hover:underline">
                    {s.title}
                  </Link>
                </th>
                <td className="py-2 pr-2 sm:pr-3">
                  <SectionStateBadge status={s} />
                </td>
                <td className="whitespace-nowrap py-2 pr-2 sm:pr-3">
                  <progress max={100} value={s.percent} aria-label={`${s.title}已读 ${s.percent}%`} className="hidden h-2 w-20 align-middle sm:inline-block" /> {s.percent}%
                </td>
                <td className="whitespace-nowrap py-2 pr-2 sm:pr-3">{minutes(s.activeSeconds)}</td>
                <td className="py-2">{s.completedAt ? <time dateTime={s.completedAt}>{formatChinaTime(s.completedAt)}</time> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
