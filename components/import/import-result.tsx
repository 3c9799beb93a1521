"use client";

import { getChinaDay } from "@/lib/china-time";
import { toCsv } from "@/lib/import/csv-write";
import { formatRowError, type CreatedAccount, type RowError } from "@/lib/import/protocol";

const SHOWN_ERRORS = 200;

function downloadCsv(rows: string[][], fileName: string): void {
  const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the data goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Today in China time, "20261207", whatever time zone the administrator's computer is set to. */
function today(): string {
  return getChinaDay().replaceAll("-", "");
}

/** Why nothing was imported: a file-level message and/or every row's problems (the first 200 listed). */
export function ImportErrors({ message, errors }: { message?: string; errors: RowError[] }) {
  return (
    <section aria-labelledby="import-errors-title" className="rounded bg-red-50 p-4 text-red-900">
      <h2 id="import-errors-title" className="mb-2 text-lg font-medium">
        没有导入任何账号
      </h2>
      {message ? <p>{message}</p> : null}
      {errors.length ? (
        <>
          <p className="mb-2">
            发现 {errors.length} 个问题，请修改文件后重新导入{errors.length > SHOWN_ERRORS ? `（下面列出前 ${SHOWN_ERRORS} 个）` : ""}：
          </p>
          <ul className="list-disc space-y-1 pl-6">
            {errors.slice(0, SHOWN_ERRORS).map((error, i) => (
              <li key={i}>{formatRowError(error)}</li>
            ))}
          </ul>
          {errors.length > SHOWN_ERRORS ? (
            <button
              type="button"
              onClick={() => downloadCsv([["行号", "问题"], ...errors.map((e) => [String(e.rowNumber || ""), e.message])], `导入问题清单-${today()}.csv`)}
              className="mt-3 rounded border border-red-800 bg-white px-4 py-2 font-medium text-red-900 hover:bg-red-100"
            >
              下载全部 {errors.length} 个问题（CSV）
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The imported accounts: a summary and the one-time passwords as a CSV built in the browser. */
export function ImportSuccess({ accounts, downloaded, onDownloaded }: { accounts: CreatedAccount[]; downloaded: boolean; onDownloaded: () => void }) {
  const download = () => {
    const rows = accounts.map((a) => [a.name, a.account, a.unit, a.role, a.oneTimePassword]);
    downloadCsv([["姓名", "账号", "单位", "角色", "初始密码"], ...rows], `导入账号-初始密码-${today()}.csv`);
    onDownloaded();
  };
  return (
    <section aria-labelledby="import-done-title" className="space-y-3 rounded bg-green-50 p-4 text-green-900">
      <h2 id="import-done-title" className="text-lg font-medium">
        已导入 {accounts.length} 个账号
      </h2>
      <p className="rounded bg-amber-50 p-3 font-medium text-amber-900">
        初始密码只显示这一次，请立即下载并妥善分发。每个账号首次登录时须修改密码。
      </p>
      <button type="button" onClick={download} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900">
        下载账号和初始密码（CSV）
      </button>
      {downloaded ? <p>已下载。文件中有初始密码，分发后请删除该文件。</p> : null}
    </section>
  );
}
