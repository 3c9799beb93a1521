import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { VerifyForm } from "@/components/certificates/verify-form";
import { verifyHref } from "@/lib/routes";

export const metadata: Metadata = { title: "证书核验" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Public (no sign-in, on purpose): the form to type a 结业证明's code; a typed code goes to /verify/<code>. */
export default async function VerifyPage({ searchParams }: Props) {
  const code = (await searchParams).code;
  if (typeof code === "string" && code.trim()) redirect(verifyHref(code.trim().slice(0, 64)));
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">证书核验</h1>
      <p className="mb-6 max-w-3xl leading-relaxed text-stone-700">输入结业证明上的核验码（不区分大小写，可带或不带短横线），确认证明是否由本平台签发。</p>
      <VerifyForm />
    </>
  );
}
