import type { Metadata } from "next";
import { VerifyForm } from "@/components/certificates/verify-form";
import { formatHours } from "@/components/certificates/certificate-sheet";
import { formatChinaDate } from "@/lib/china-time";
import { verifyCertificate } from "@/lib/certificates";

export const metadata: Metadata = { title: "证书核验", robots: { index: false } };

type Props = { params: Promise<{ code: string }> };

/**
 * Public (no sign-in, on purpose): confirms a 结业证明 with the minimum — masked name, material, date,
 * 学时 — by one primary-key lookup. Forged, altered, malformed and unknown codes get one and the same
 * answer, so the page tells nothing about why a code failed.
 */
export default async function VerifyCodePage({ params }: Props) {
  const { code } = await params;
  let typed = code;
  try {
    typed = decodeURIComponent(code);
  } catch {
    // A malformed escape cannot be a code: verifyCertificate refuses it like any other.
  }
  const result = await verifyCertificate(typed);
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">证书核验</h1>
      {result ? (
        <section aria-labelledby="verified" className="mb-8 max-w-2xl rounded-lg border border-green-700 bg-green-50 p-5">
          <h2 id="verified" className="mb-3 text-lg font-bold text-green-900">
            核验通过：这份结业证明由本平台签发
          </h2>
          {result.revoked ? (
            <p className="mb-3 rounded bg-amber-100 px-3 py-2 font-medium text-amber-900">注意：该账号已停用。证明签发时有效，现予以标注。</p>
          ) : null}
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            <dt className="text-stone-600">姓名</dt>
            <dd data-masked-name>{result.maskedName}</dd>
            <dt className="text-stone-600">学习材料</dt>
            <dd className="break-words">《{result.title}》</dd>
            <dt className="text-stone-600">完成日期</dt>
            <dd>{formatChinaDate(result.completedAt)}</dd>
            <dt className="text-stone-600">学时</dt>
            <dd>{formatHours(result.hours)} 学时</dd>
          </dl>
        </section>
      ) : (
        <p role="alert" className="mb-8 max-w-2xl rounded-lg border border-red-700 bg-red-50 p-5 font-medium text-red-900">
          核验未通过：没有与此核验码对应的结业证明。请核对证书上的核验码后重新输入；如仍无法核验，该证明可能不是本平台签发的。
        </p>
      )}
      <h2 className="mb-2 text-lg font-bold">核验其他证明</h2>
      <VerifyForm />
    </>
  );
}
