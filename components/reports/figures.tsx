import { PROGRESS_RULES } from "@/lib/progress/config";
import type { Figures } from "@/lib/reports/dashboard";

/** "37/120（30.8%）": a rate never without the count behind it. */
export function formatShare(count: number, total: number): string {
  if (total <= 0) return `${count}/0（—）`;
  return `${count}/${total}（${((count / total) * 100).toFixed(1)}%）`;
}

/** The headline: headcount, completed, in progress, not started, overdue and the completion rate. */
export function FigureCards({ figures }: { figures: Figures }) {
  const cards = [
    { label: "应学人数", value: String(figures.headcount) },
    { label: "已完成", value: formatShare(figures.completed, figures.headcount) },
    { label: "进行中", value: formatShare(figures.inProgress, figures.headcount) },
    { label: "未开始", value: formatShare(figures.notStarted, figures.headcount) },
    { label: "已逾期", value: figures.overdue === null ? "未布置截止日期" : formatShare(figures.overdue, figures.headcount) },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {cards.map((card) => (
        <div key={card.label} className="rounded border border-stone-200 bg-white p-3">
          <dt className="text-sm text-stone-600">{card.label}</dt>
          <dd className="text-xl font-bold text-stone-900">{card.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * How the figures count, next to them: the one definition of 进行中 and 已完成 that 我的学习, the grid
 * and the exports use too (docs/progress-and-notes.md).
 */
export function CountingRule({ sectionCount, requirePass = false }: { sectionCount: number; requirePass?: boolean }) {
  const minutes = PROGRESS_RULES.startedActiveSeconds / 60;
  return (
    <p className="mt-3 text-sm leading-relaxed text-stone-700">
      <strong className="font-medium text-stone-900">计数口径：</strong>
      全部 {sectionCount} 节完成{requirePass ? "并通过自测（本任务需通过测试）" : ""}为“已完成”；材料修订后，须读完更新的段落才算完成。读过至少一段或有效阅读满 {minutes} 分钟为“进行中”，只打开过不算。与学员“我的学习”所见一致。
    </p>
  );
}
