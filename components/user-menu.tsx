"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { logoutAction } from "@/app/account/actions";
import { getStorageOwner, readUserHint, SIGNED_IN_ATTRIBUTE, type UserHint } from "@/lib/auth/user-hint";
import { forgetReader } from "@/lib/offline/privacy";

const ROLE_LABELS: Record<UserHint["role"], string> = { READER: "学员", UNIT_ADMIN: "单位管理员", SYSTEM_ADMIN: "系统管理员" };

/**
 * The signed-in user's name with links to administration, password change and sign-out. Pages are
 * prerendered for everyone, so the name comes from the display cookie after hydration.
 */
export function UserMenu() {
  const [user, setUser] = useState<UserHint | null | undefined>(undefined);
  const pathname = usePathname();
  // The layout survives client-side navigation (e.g. the redirect after signing in or out), so the
  // cookie is read again whenever the page changes.
  useEffect(() => {
    const hint = readUserHint(document.cookie);
    setUser(hint);
    // Signing in or out navigates without reloading, so the boot script's mark is kept current here.
    document.documentElement.toggleAttribute(SIGNED_IN_ATTRIBUTE, hint !== null);
  }, [pathname]);

  if (user === undefined) return <div className="min-h-9" aria-hidden="true" />;
  if (user === null) {
    // On the sign-in page itself a 登录 link would lead nowhere new.
    if (pathname === "/login") return null;
    return (
      <Link href="/login" className="rounded bg-white/10 px-3 py-1.5 hover:bg-white/20">
        登录
      </Link>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-base">
      <span>
        {user.name}
        <span className="sr-only">（{ROLE_LABELS[user.role]}）</span>
      </span>
      {user.role !== "READER" && (
        <Link href="/admin" className="hover:underline">
          管理
        </Link>
      )}
      <Link href="/account/password" className="hover:underline">
        修改密码
      </Link>
      {/* Signing out deletes this reader's offline data from a possibly shared computer (issue 18). */}
      <form action={logoutAction} onSubmit={() => void forgetReader(getStorageOwner(user), window.localStorage, window.caches).catch(console.warn)}>
        <button type="submit" className="rounded bg-white/10 px-3 py-1.5 hover:bg-white/20">
          退出登录
        </button>
      </form>
    </div>
  );
}
