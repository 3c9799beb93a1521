import type { Metadata } from "next";
import { SearchForm } from "@/components/search-form";
import { SearchResults } from "@/components/search-results";
import { requireReader } from "@/lib/auth/current-user";
import { searchContent } from "@/lib/content";
import { searchQuerySchema } from "@/lib/content/search";

export const metadata: Metadata = { title: "搜索" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SearchPage({ searchParams }: Props) {
  const raw = (await searchParams).q;
  const viewer = await requireReader(typeof raw === "string" ? `/search?q=${encodeURIComponent(raw.slice(0, 200))}` : "/search");
  const parsed = searchQuerySchema.safeParse(typeof raw === "string" ? raw : "");
  const query = typeof raw === "string" ? raw.trim() : "";
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">搜索学习材料</h1>
      <SearchForm defaultValue={query.slice(0, 200)} id="page-search" label="搜索学习材料" />
      <div aria-live="polite" className="mt-6">
        {!parsed.success ? (
          <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
            {parsed.error.issues[0]?.message}
          </p>
        ) : parsed.data.length === 0 ? (
          <p className="text-stone-700">请输入要查找的词句，例如“精准施策”或“数据治理”。多个词用空格分开，将查找同时包含它们的段落。</p>
        ) : (
          <SearchResults query={query} result={searchContent(parsed.data, viewer)} />
        )}
      </div>
    </>
  );
}
