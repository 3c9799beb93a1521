import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getPathAfterSignIn } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { safeRedirectPath } from "@/lib/forms";

export const metadata: Metadata = { title: "登录" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const next = safeRedirectPath((await searchParams).next, "");
  const user = await getCurrentUser();
  if (user) redirect(getPathAfterSignIn(user.role, next));
  return (
    <div className="mx-auto max-w-sm">
      {/* Tells the header to hide the materials and search, which would only lead back here. */}
      {getEnv().PUBLIC_READING ? null : <div hidden data-reading-closed />}
      <h1 className="mb-6 text-2xl font-bold">登录学习园地</h1>
      <LoginForm next={next || undefined} />
      <p className="mt-6 text-sm text-stone-600">忘记密码请联系本单位管理员重置。</p>
    </div>
  );
}
