import type { SectionStatus } from "@/lib/progress/status";

/** The status words used everywhere a section's progress is shown: 未读 / 在读 n% / 已完成 ✓ / 内容已更新. */
export function sectionStateLabel(status: Pick<SectionStatus, "state" | "percent">): string {
  switch (status.state) {
    case "done":
      return "已完成 ✓";
    case "updated":
      return "内容已更新";
    case "reading":
      return `在读 ${status.percent}%`;
    default:
      return "未读";
  }
}

const STATE_CLASS: Record<SectionStatus["state"], string> = {
  done: "bg-green-100 text-green-900",
  updated: "bg-amber-100 text-amber-900",
  reading: "bg-sky-100 text-sky-900",
  unread: "bg-stone-100 text-stone-700",
};

/** A small badge with the section's status. */
export function SectionStateBadge({ status }: { status: Pick<SectionStatus, "state" | "percent"> }) {
  return <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-sm ${STATE_CLASS[status.state]}`}>{sectionStateLabel(status)}</span>;
}
