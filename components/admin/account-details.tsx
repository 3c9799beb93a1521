import type { ReactNode } from "react";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { formatChinaDateTime } from "@/lib/china-time";
import type { UserRow } from "@/lib/users";
import { AccountStatus } from "./account-status";

/** The facts of one account, as a description list. */
export function AccountDetails({ user, unitTrail }: { user: UserRow; unitTrail: string }) {
  const rows: Array<[string, ReactNode]> = [
    ["账号", <span className="font-mono">{user.account}</span>],
    ["姓名", user.name],
    ["单位", unitTrail],
    ["角色", ROLE_LABELS[user.role]],
    ["状态", <AccountStatus disabled={user.disabled} mustChangePassword={user.mustChangePassword} />],
    ["创建时间", <time dateTime={user.createdAt.toISOString()}>{formatChinaDateTime(user.createdAt, { seconds: true })}</time>],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded border border-stone-200 bg-white p-4">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-stone-600">{term}</dt>
          <dd className="min-w-0 break-words text-stone-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
