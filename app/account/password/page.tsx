import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasswordForm } from "@/components/password-form";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "修改密码" };

export default async function ChangePasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login?next=/account/password");
  return (
    <div className="max-w-md">
      <h1 className="mb-2 text-2xl font-bold">修改密码</h1>
      {user.mustChangePassword ? (
        <p role="status" className="mb-6 rounded bg-amber-50 p-3 text-amber-900">
          您正在使用管理员设置的初始密码，请先设置自己的新密码再开始学习。
        </p>
      ) : (
        <p className="mb-6 text-stone-700">修改后，您在其他设备上的登录将全部退出。</p>
      )}
      <PasswordForm />
    </div>
  );
}
