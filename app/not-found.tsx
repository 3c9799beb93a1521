import Link from "next/link";
import { SearchForm } from "@/components/search-form";

export default function NotFound() {
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-bold">页面不存在</h1>
      <p className="mt-3 leading-relaxed text-stone-700">您访问的页面不存在，可能是链接有误，或材料已调整。可以返回学习材料列表，或搜索原文。</p>
      <p className="mt-4">
        <Link href="/" className="text-red-800 underline">
          返回学习材料列表
        </Link>
      </p>
      <div className="mt-6">
        <SearchForm id="not-found-search" label="搜索学习材料" />
      </div>
    </div>
  );
}
