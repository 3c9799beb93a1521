import { formatChinaDate } from "@/lib/china-time";
import type { CertificateView } from "@/lib/certificates";
import { formatCertificateCode } from "@/lib/certificates/code";

export function formatHours(hours: number): string {
  return hours.toLocaleString("zh-CN", { maximumFractionDigits: 1 });
}

function scoreText(score: CertificateView["score"]): string {
  return score ? `${Math.round((score.correct / Math.max(1, score.total)) * 100)} 分（答对 ${score.correct}/${score.total} 题）` : "未参加自测";
}

/** The 结业证明 itself: one A4 portrait sheet on paper (globals.css, `.certificate-sheet`). */
export function CertificateSheet({ certificate, verifyUrl, verifyPath }: { certificate: CertificateView; verifyUrl: string; verifyPath: string }) {
  const c = certificate;
  const rows: Array<[string, string]> = [
    ["姓名", c.name],
    ["单位", c.unitName],
    ["学习材料", `《${c.title}》`],
    ["完成日期", formatChinaDate(c.completedAt)],
    ["学时", `${formatHours(c.hours)} 学时`],
    ["自测成绩", scoreText(c.score)],
  ];
  return (
    <article className="certificate-sheet mx-auto flex max-w-3xl flex-col border-4 border-double border-red-800 bg-white px-5 py-8 sm:px-12 sm:py-12" aria-labelledby="certificate-title">
      <p className="text-center text-sm tracking-[0.5em] text-red-800">学习园地</p>
      <h1 id="certificate-title" className="mt-3 text-center text-3xl font-bold tracking-[0.4em] text-red-900 sm:text-4xl">
        结业证明
      </h1>
      <p className="mt-8 text-lg leading-loose [text-indent:2em]">
        {c.name}同志（{c.unitName}）于 {formatChinaDate(c.completedAt)} 学完《{c.title}》全部章节，计 {formatHours(c.hours)} 学时
        {c.score ? `，自测成绩 ${Math.round((c.score.correct / Math.max(1, c.score.total)) * 100)} 分` : ""}。
      </p>
      <p className="mt-2 text-lg leading-loose [text-indent:2em]">特此证明。</p>
      <dl className="mt-8 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 border-t border-stone-300 pt-6">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="whitespace-nowrap text-stone-600">{label}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="certificate-footer mt-10 border-t border-stone-300 pt-4 text-sm text-stone-700">
        <p>
          核验码：<span className="font-mono text-base font-bold tracking-wider text-stone-900" data-certificate-code>{formatCertificateCode(c.code)}</span>
        </p>
        <p className="mt-1 break-all">
          核验网址：
          {/* A link as well, so a PDF copy verifies with one click. */}
          <a href={verifyPath} className="text-stone-900 no-underline">
            {verifyUrl}
          </a>
        </p>
        <p className="mt-1">签发日期：{formatChinaDate(c.issuedAt)}（北京时间）</p>
      </div>
    </article>
  );
}
