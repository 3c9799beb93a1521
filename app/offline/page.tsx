import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "暂时无法连接" };

// Precached by the service worker (app/sw.ts) and shown for any page that needs the server while
// the connection is gone (administration, search, sign-in), instead of the browser's error page.
export default function OfflinePage() {
  return (
    <section className="mx-auto max-w-2xl rounded-lg border border-amber-300 bg-amber-50 p-6">
      <h1 className="text-2xl font-bold text-amber-950">当前处于离线状态</h1>
      <p className="mt-3 leading-relaxed text-stone-800">
        这个页面需要连接服务器才能打开（如管理、搜索、登录）。请检查网络连接，恢复后刷新本页即可。
      </p>
      <p className="mt-3 leading-relaxed text-stone-800">
        离线时仍可阅读已下载或读过的学习材料；阅读记录和笔记会保存在本机，联网后自动发送。
      </p>
      <p className="mt-5 flex flex-wrap gap-3">
        <Link href="/" className="rounded bg-red-800 px-4 py-2 text-white hover:bg-red-900">
          返回学习材料
        </Link>
        <Link href="/me" className="rounded border border-red-800 px-4 py-2 text-red-900 hover:bg-red-50">
          我的学习
        </Link>
      </p>
    </section>
  );
}
