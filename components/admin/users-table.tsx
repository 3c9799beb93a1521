import Link from "next/link";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { UserRow } from "@/lib/users";
import { AccountStatus } from "./account-status";
import { TableScroll, tdClass, thClass } from "./table-scroll";

type Props = { users: Array<UserRow & { manageable: boolean }>; caption: string };

/** The account list: 姓名, 账号, 单位, 角色, 状态 and a link to each account. */
export function UsersTable({ users, caption }: Props) {
  return (
    <TableScroll label="账号列表（可横向滚动）">
      <table className="w-full min-w-[40rem] border-collapse text-base">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>姓名</th>
            <th scope="col" className={thClass}>账号</th>
            <th scope="col" className={thClass}>单位</th>
            <th scope="col" className={thClass}>角色</th>
            <th scope="col" className={thClass}>状态</th>
            <th scope="col" className={thClass}>操作</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <th scope="row" className={`${tdClass} text-left font-medium`}>{user.name}</th>
              <td className={`${tdClass} font-mono`}>{user.account}</td>
              <td className={tdClass}>{user.unit.name}</td>
              <td className={`${tdClass} whitespace-nowrap`}>{ROLE_LABELS[user.role]}</td>
              <td className={`${tdClass} whitespace-nowrap`}>
                <AccountStatus disabled={user.disabled} mustChangePassword={user.mustChangePassword} />
              </td>
              <td className={`${tdClass} whitespace-nowrap`}>
                <Link href={`/admin/users/${user.id}`} className="text-red-800 underline-offset-4 hover:underline">
                  {user.manageable ? "编辑" : "查看"}
                  <span className="sr-only">：{user.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
