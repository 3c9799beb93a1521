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
