import Link from "next/link";
import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/auth/permissions";

// Every admin page also checks the session itself; this layout only draws the admin navigation.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireAdmin("/admin");
  const links = [
    { href: "/admin", label: "概览" },
    { href: "/admin/progress", label: "学习情况" },
    { href: "/admin/assignments", label: "学习任务" },
    { href: "/admin/materials", label: "学习材料管理" },
    { href: "/admin/units", label: "单位" },
    { href: "/admin/users", label: "账号" },
    { href: "/admin/import", label: "批量导入" },
    { href: "/admin/reflections", label: "学习心得" },
    ...(user.role === "SYSTEM_ADMIN" ? [{ href: "/admin/audit", label: "审计日志" }] : []),
  ];
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-baseline justify-between gap-2 border-b border-stone-200 pb-3">
        <nav aria-label="管理导航">
          <ul className="flex flex-wrap gap-4">
            {links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} className="font-medium text-red-900 underline-offset-4 hover:underline">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <p className="text-sm text-stone-600">
          {user.name}（{ROLE_LABELS[user.role]}）
        </p>
      </div>
      {children}
    </div>
  );
}
