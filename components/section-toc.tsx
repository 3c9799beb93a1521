import Link from "next/link";
import type { Material } from "@/lib/content";
import { sectionHref } from "@/lib/routes";
import { SectionStatusBadge } from "./progress/section-status";

/** The material's table of contents, with the current section marked. */
export function SectionToc({ material, currentSlug }: { material: Material; currentSlug?: string }) {
  return (
    <nav aria-labelledby="toc-heading" className="rounded border border-stone-200 bg-white p-4">
      <h2 id="toc-heading" className="mb-2 text-base font-bold text-stone-800">
        目录
      </h2>
      <ol className="space-y-1 text-[0.95rem]">
        {material.sections.map((section) => {
          const current = section.slug === currentSlug;
          return (
            <li key={section.slug}>
              <Link
                href={sectionHref(material.slug, section.slug)}
                aria-current={current ? "page" : undefined}
                className={
                  current
                    ? "block rounded bg-red-50 px-2 py-1 font-bold text-red-900"
                    : "block rounded px-2 py-1 text-stone-800 hover:bg-stone-100"
                }
              >
                <span className="block">{section.title}</span>
                <SectionStatusBadge material={material.slug} section={section.slug} />
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
