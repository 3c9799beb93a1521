"use client";

import { useEffect, useState } from "react";

/**
 * Confirms a password change on the page it leads to (/?password=changed, app/account/actions.ts).
 * The home page is prerendered, so the query string is read in the browser; the status region is
 * there from the start so that screen readers announce the message when it appears.
 */
export function PasswordChangedNotice() {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    setShown(new URLSearchParams(window.location.search).get("password") === "changed");
  }, []);
  return (
    <div role="status" className={shown ? "mb-4 rounded border border-green-700 bg-green-50 p-3 text-green-900" : undefined}>
      {shown && (
        <>
          <p className="font-medium">密码已修改。</p>
          <p className="mt-1 text-sm">请记住新密码；您在其他设备上的登录已全部退出。</p>
        </>
      )}
    </div>
  );
}
