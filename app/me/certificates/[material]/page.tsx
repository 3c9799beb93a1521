import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CertificateSheet } from "@/components/certificates/certificate-sheet";
import { PrintButton } from "@/components/notes/print-button";
import { requireUser } from "@/lib/auth/current-user";
import { issueMyCertificate } from "@/lib/certificates";
import { slugSchema } from "@/lib/content/schema";
import { verifyHref } from "@/lib/routes";

export const metadata: Metadata = { title: "结业证明", robots: { index: false } };

type Props = { params: Promise<{ material: string }> };

/** The signed-in reader's own 结业证明 for a completed material, issued on first view, for A4 paper. */
export default async function CertificatePage({ params }: Props) {
  const { material: raw } = await params;
  const user = await requireUser(`/me/certificates/${encodeURIComponent(raw)}`);
  const slug = slugSchema.safeParse(raw);
  // Not completed (and never issued) is answered like an unknown material.
  const certificate = slug.success ? await issueMyCertificate(user.id, slug.data) : null;
  if (!certificate) notFound();
  // The address shown on paper: the host this page was asked for (only the reader's own copy uses it).
  const host = (await headers()).get("host") ?? "";
  const verifyUrl = host ? `${host}${verifyHref(certificate.code)}` : verifyHref(certificate.code);
  return (
    <>
      <div className="mx-auto mb-4 flex max-w-3xl flex-wrap items-center justify-between gap-3 print:hidden">
        <Link href="/me/record" className="text-red-800 underline underline-offset-2">
          返回学习档案
        </Link>
        <PrintButton />
      </div>
      <CertificateSheet certificate={certificate} verifyUrl={verifyUrl} verifyPath={verifyHref(certificate.code)} />
      <p className="mx-auto mt-4 max-w-3xl text-sm text-stone-600 print:hidden">
        打印时请选择 A4 纸、纵向。任何人可在本平台的“证书核验”页面输入核验码，确认这份证明的真实性；核验时只显示打码后的姓名、材料、完成日期和学时。
      </p>
    </>
  );
}
