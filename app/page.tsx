import Link from "next/link";
import { MyTasks } from "@/components/my-tasks";
import { PasswordChangedNotice } from "@/components/password-changed-notice";
import { requireReader } from "@/lib/auth/current-user";
import { listReadableMaterials } from "@/lib/content";
import { READING_CHARS_PER_MINUTE } from "@/lib/content/reading-time";
import { materialHref, sectionHref } from "@/lib/routes";

// Rendered per request: the list depends on who reads (a published material may be for one unit's
// readers only) and on what was published a moment ago.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const viewer = await requireReader("/");
  const materials = listReadableMaterials(viewer);
  return (
    <>
      <PasswordChangedNotice />
      <h1 className="mb-2 text-2xl font-bold sm:text-3xl">学习材料</h1>
      <p className="mb-6 text-stone-700">
        共 {materials.length} 份材料。阅读时间按每分钟 {READING_CHARS_PER_MINUTE} 字估算。
      </p>
      <MyTasks />
      <ul className="grid gap-4">
        {materials.map((material) => (
          <li key={material.slug} className="rounded-lg border border-stone-200 bg-white p-5 shadow-sm">
            <h2 className="text-xl font-bold leading-snug">
              <Link href={materialHref(material.slug)} className="text-red-900 hover:underline">
                {material.title}
              </Link>
            </h2>
            <p className="mt-2 leading-relaxed text-stone-700">{material.description}</p>
            <p className="mt-3 text-sm text-stone-600">
              {material.sections.length} 节 · 约 {material.chars.toLocaleString("zh-CN")} 字 · 预计阅读 {material.minutes} 分钟
            </p>
            <Link
              href={sectionHref(material.slug, material.sections[0]?.slug ?? "")}
              className="mt-4 inline-block rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900"
            >
              开始学习<span className="sr-only">：{material.title}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
