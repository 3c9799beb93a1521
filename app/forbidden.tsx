import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-bold">没有访问权限</h1>
      <p className="mt-3 leading-relaxed text-stone-700">此页面仅对相应的管理员开放。如需办理相关事项，请联系本单位管理员。</p>
      <p className="mt-4">
        <Link href="/" className="text-red-800 underline">
          返回首页
        </Link>
      </p>
    </div>
  );
}
