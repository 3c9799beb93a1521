"use client";

import { useEffect } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="max-w-2xl" role="alert">
      <h1 className="text-2xl font-bold">页面出错了</h1>
      <p className="mt-3 text-stone-700">系统暂时无法显示此页面，请稍后重试。如果问题持续，请联系本单位管理员{error.digest ? `（错误编号：${error.digest}）` : ""}。</p>
      <button type="button" onClick={reset} className="mt-4 rounded bg-red-800 px-4 py-2 text-white hover:bg-red-900">
        重试
      </button>
    </div>
  );
}
