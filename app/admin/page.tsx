import type { Metadata } from "next";
import Link from "next/link";
import { getAdminOverview } from "@/lib/admin-overview";
import { requireAdmin } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "管理" };

export default async function AdminPage() {
  const user = await requireAdmin("/admin");
  const overview = await getAdminOverview(user);
  const isSystemAdmin = user.role === "SYSTEM_ADMIN";
  const stats = [
    { label: "单位", value: overview.unitCount },
    { label: "账号", value: overview.userCount },
    { label: "其中管理员", value: overview.adminCount },
    { label: "待改密", value: overview.pendingPasswordCount },
    { label: "已停用", value: overview.disabledCount },
  ];
  const links = [
    { href: "/admin/progress", label: "学习情况", note: "完成率、各节完成人数、下级单位和人员明细，导出 Excel/CSV" },
    { href: "/admin/assignments", label: "学习任务", note: "布置学习材料和截止日期，提醒未完成的学员" },
    { href: "/admin/units", label: "单位", note: isSystemAdmin ? "查看和调整单位树" : "查看本单位及下级单位" },
    { href: "/admin/users", label: "账号", note: "查找、编辑、停用账号，重置密码" },
    { href: "/admin/users/new", label: "新建账号", note: "生成一次性密码，本人首次登录时修改" },
    { href: "/admin/import", label: "批量导入账号", note: "从表格一次导入多个账号" },
    { href: "/admin/reflections", label: "学习心得", note: "查看学员主动提交的心得（只读）" },
    ...(isSystemAdmin
      ? [
          { href: "/admin/units/new", label: "新建单位", note: "添加顶级单位或下级单位" },
          { href: "/admin/audit", label: "审计日志", note: "登录、密码、账号和单位的变动记录" },
        ]
      : []),
  ];
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">管理概览</h1>
      <p className="mb-6 text-stone-700">{isSystemAdmin ? "您管理全部单位和账号。" : "您管理本单位及其下级单位的账号。"}</p>
      <section aria-labelledby="stats-heading" className="mb-8">
        <h2 id="stats-heading" className="mb-3 text-lg font-bold">管理范围内</h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          {stats.map((stat) => (
            <div key={stat.label} className="rounded border border-stone-200 bg-white p-3">
              <dt className="text-sm text-stone-600">{stat.label}</dt>
              <dd className="text-2xl font-bold text-stone-900">{stat.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="tasks-heading">
        <h2 id="tasks-heading" className="mb-3 text-lg font-bold">常用操作</h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {links.map((link) => (
            <li key={link.href} className="rounded border border-stone-200 bg-white p-3">
              <Link href={link.href} className="font-medium text-red-900 underline-offset-4 hover:underline">
                {link.label}
              </Link>
              <p className="text-sm text-stone-600">{link.note}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
