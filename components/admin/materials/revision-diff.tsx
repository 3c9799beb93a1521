import type { SectionDiff } from "@/lib/materials/diff";

const STATE_LABEL = { added: "新增的一节", removed: "删除的一节", changed: "有修改", unchanged: "未改动" } as const;

/** The per-section paragraph diff of a revision, before it is confirmed: added, changed and removed paragraphs. */
export function RevisionDiff({ diff, metaChanged, questionsToReview = 0 }: { diff: SectionDiff[]; metaChanged: boolean; questionsToReview?: number }) {
  const changed = diff.filter((d) => d.state !== "unchanged");
  const unchanged = diff.length - changed.length;
  return (
    <div className="space-y-4">
      <p className="text-stone-800">
        {changed.length === 0 ? "各节正文没有变化。" : `${changed.length} 节有变化，${unchanged} 节未改动。`}
        {metaChanged ? "标题或简介有修改。" : ""}
      </p>
      {questionsToReview > 0 ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
          发布这次修订后，有 {questionsToReview} 道自测题依据的原文将找不到，会标为“需复核”并暂停出题，请在发布后到“自测题”页面处理。
        </p>
      ) : null}
      {changed.map((section) => (
        <section key={section.slug} className="rounded border border-stone-200 bg-white p-3 sm:p-4" aria-label={`${section.title}：${STATE_LABEL[section.state]}`}>
          <h3 className="text-lg font-bold break-words">
            {section.title}
            <span className="ml-2 text-sm font-normal text-stone-600">
              {STATE_LABEL[section.state]} · 新增 {section.counts.added} 段，修改 {section.counts.changed} 段，删除 {section.counts.removed} 段
            </span>
          </h3>
          {section.previousTitle ? <p className="text-sm text-stone-700">原标题：{section.previousTitle}</p> : null}
          <ul className="mt-2 space-y-2">
            {section.changes.map((change, i) => (
              <li key={i} className="rounded border border-stone-200 p-2">
                {change.kind === "added" ? (
                  <p className="bg-green-50 text-green-950">
                    <span className="mr-2 rounded bg-green-800 px-1.5 text-sm text-white">新增</span>
                    {change.after.text}
                  </p>
                ) : change.kind === "removed" ? (
                  <p className="bg-red-50 text-red-950">
                    <span className="mr-2 rounded bg-red-800 px-1.5 text-sm text-white">删除</span>
                    <del>{change.before.text}</del>
                  </p>
                ) : (
                  <div className="space-y-1">
                    <p className="bg-red-50 text-red-950">
                      <span className="mr-2 rounded bg-amber-700 px-1.5 text-sm text-white">修改前</span>
                      <del>{change.before.text}</del>
                    </p>
                    <p className="bg-green-50 text-green-950">
                      <span className="mr-2 rounded bg-amber-700 px-1.5 text-sm text-white">修改后</span>
                      {change.after.text}
                    </p>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
