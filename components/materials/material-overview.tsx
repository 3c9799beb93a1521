import Link from "next/link";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { MaterialReflectionLoader } from "@/components/notes/lazy";
import { OfflineDownload } from "@/components/offline/offline-download";
import { ContinueButton, SectionStatusBadge } from "@/components/progress/section-status";
import { TestLink } from "@/components/quiz/test-link";
import type { Material } from "@/lib/content";
import { READING_CHARS_PER_MINUTE } from "@/lib/content/reading-time";
import { getMaterialPageVersion } from "@/lib/quiz";
import { sectionHref } from "@/lib/routes";

/** A material's overview: its description, where to continue, the table of contents and the 心得. */
export function MaterialOverview({ material }: { material: Material }) {
  return (
    <>
      <Breadcrumbs items={[{ label: "学习材料", href: "/" }, { label: material.title }]} />
      <h1 className="text-2xl font-bold leading-snug sm:text-3xl" data-material-revision={getMaterialPageVersion(material)}>
        {material.title}
      </h1>
      <p className="mt-3 max-w-3xl leading-relaxed text-stone-700">{material.description}</p>
      <p className="mt-2 text-sm text-stone-600">
        {material.sections.length} 节 · 约 {material.chars.toLocaleString("zh-CN")} 字 · 预计阅读 {material.minutes} 分钟（按每分钟{" "}
        {READING_CHARS_PER_MINUTE} 字计）
      </p>
      <ContinueButton material={material.slug} />
      <OfflineDownload material={material.slug} />
      <TestLink material={material.slug} />
      <h2 className="mb-3 mt-8 text-xl font-bold">目录</h2>
      <ol className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
        {material.sections.map((section) => (
          <li key={section.slug}>
            <Link
              href={sectionHref(material.slug, section.slug)}
              className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 hover:bg-stone-50"
            >
              <span className="font-medium text-red-900">{section.title}</span>
              <span className="flex items-center gap-2 text-sm text-stone-600">
                <SectionStatusBadge material={material.slug} section={section.slug} />约 {section.minutes} 分钟
              </span>
            </Link>
          </li>
        ))}
      </ol>
      <MaterialReflectionLoader material={material.slug} />
    </>
  );
}
