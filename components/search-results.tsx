import Link from "next/link";
import type { SearchResult } from "@/lib/content/search";
import { sectionHref } from "@/lib/routes";

/** The paragraphs that matched, each with its match highlighted and a link to the paragraph. */
export function SearchResults({ query, result }: { query: string; result: SearchResult }) {
  if (result.total === 0) {
    return <p className="text-stone-700">没有找到包含“{query}”的段落。请换一个词，或减少搜索词的数量。</p>;
  }
  return (
    <>
      <p className="mb-4 text-stone-700">
        找到 {result.total} 个包含“{query}”的段落
        {result.total > result.hits.length ? `，显示前 ${result.hits.length} 个` : ""}。
      </p>
      <ol className="space-y-4">
        {result.hits.map((hit) => (
          <li key={`${hit.materialSlug}/${hit.sectionSlug}/${hit.paragraphId}`} className="rounded border border-stone-200 bg-white p-4">
            <h2 className="text-base font-bold">
              <Link href={sectionHref(hit.materialSlug, hit.sectionSlug, hit.paragraphId)} className="text-red-900 underline-offset-2 hover:underline">
                {hit.sectionTitle}
              </Link>
            </h2>
            <p className="mt-1 text-sm text-stone-600">{hit.materialTitle}</p>
            <p className="mt-2 leading-relaxed text-stone-800">
              {hit.segments.map((segment, index) =>
                segment.match ? (
                  <mark key={index} className="rounded-sm bg-amber-200 px-0.5 text-stone-900">
                    {segment.text}
                  </mark>
                ) : (
                  <span key={index}>{segment.text}</span>
                ),
              )}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}
