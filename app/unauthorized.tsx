import Link from "next/link";

export default function Unauthorized() {
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-bold">请先登录</h1>
      <p className="mt-3 text-stone-700">您还没有登录，或登录已过期。</p>
      <p className="mt-4">
        <Link href="/login" className="text-red-800 underline">
          前往登录
        </Link>
      </p>
    </div>
  );
}
