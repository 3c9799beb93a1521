import Link from "next/link";
import { logoutAction } from "@/app/account/actions";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/current-user";

/** The signed-in user's name with links to administration, password change and sign-out. */
export function UserMenu({ user }: { user: SessionUser | null }) {
  if (!user) {
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
      <form action={logoutAction}>
        <button type="submit" className="rounded bg-white/10 px-3 py-1.5 hover:bg-white/20">
          退出登录
        </button>
      </form>
    </div>
  );
}
