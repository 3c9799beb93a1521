"use client";

import { useEffect, useState, type FormEvent } from "react";
import { readImportEvents } from "@/lib/import/ndjson";
import { importUploadSchema, type CreatedAccount, type ImportProgress, type RowError } from "@/lib/import/protocol";
import { ImportErrors, ImportSuccess } from "./import-result";

type State =
  | { status: "idle" }
  | { status: "running"; progress: ImportProgress | null }
  | { status: "failed"; message?: string; errors: RowError[] }
  | { status: "done"; accounts: CreatedAccount[]; downloaded: boolean };

const PHASE_TEXT = { validate: "正在校验…", hash: "正在生成初始密码…", write: "正在写入…" } as const;
const LOST = "与服务器的连接中断，导入结果未知。请到“账号”列表查看是否已导入；如已导入，请为这些账号重置密码。";

function progressText(progress: ImportProgress | null): string {
  if (!progress) return "正在上传…";
  if (progress.phase === "hash") return `正在生成初始密码 ${progress.done}/${progress.total}`;
  return PHASE_TEXT[progress.phase];
}

async function readError(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
  return typeof body?.message === "string" ? body.message : `导入失败（${response.status}），请稍后重试`;
}

/** Uploads an account file, shows the progress, then the problems or the created accounts. */
export function ImportForm() {
  const [state, setState] = useState<State>({ status: "idle" });
  const [fileError, setFileError] = useState<string | undefined>();
  const running = state.status === "running";
  const unsaved = state.status === "done" && !state.downloaded;

  // The one-time passwords exist only in this page: warn before it is closed without downloading them.
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (unsaved && !window.confirm("上一批账号的初始密码还没有下载，继续导入后将无法再查看。确定继续吗？")) return;
    // An empty file input still submits a nameless, empty File: treat it as no file chosen.
    const chosen = new FormData(event.currentTarget).get("file");
    const checked = importUploadSchema.safeParse({ file: chosen instanceof File && chosen.name !== "" ? chosen : undefined });
    if (!checked.success) return setFileError(checked.error.issues[0]?.message);
    setFileError(undefined);
    setState({ status: "running", progress: null });
    const body = new FormData();
    body.set("file", checked.data.file);
    try {
      const response = await fetch("/api/admin/import", { method: "POST", body });
      if (!response.ok || !response.body) return setState({ status: "failed", message: await readError(response), errors: [] });
      for await (const item of readImportEvents(response.body, (line) => console.error("[import] unexpected response line:", line.slice(0, 200)))) {
        if (item.type === "progress") setState({ status: "running", progress: item });
        else if (item.ok) return setState({ status: "done", accounts: item.accounts, downloaded: false });
        else return setState({ status: "failed", errors: item.errors });
      }
      setState({ status: "failed", message: LOST, errors: [] });
    } catch (error) {
      console.error("[import] request failed:", error);
      setState({ status: "failed", message: LOST, errors: [] });
    }
  }

  const progress = state.status === "running" ? state.progress : null;
  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <div className="space-y-1">
          <label htmlFor="import-file" className="block font-medium text-stone-800">
            选择文件
          </label>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
            disabled={running}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? "import-file-hint import-file-error" : "import-file-hint"}
            className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 file:mr-3 file:rounded file:border-0 file:bg-stone-100 file:px-3 file:py-1 aria-invalid:border-red-700"
          />
          <p id="import-file-hint" className="text-sm text-stone-600">
            .csv 或 .xlsx，不超过 5 MB
          </p>
          <div aria-live="polite">
            {fileError ? (
              <p id="import-file-error" className="text-sm text-red-800">
                {fileError}
              </p>
            ) : null}
          </div>
        </div>
        <button type="submit" disabled={running} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
          {running ? "正在导入…" : "检查并导入"}
        </button>
      </form>

      {running ? (
        <div className="space-y-2">
          <p id="import-progress-text" className="text-stone-800">
            {progressText(progress)}
          </p>
          <progress
            aria-labelledby="import-progress-text"
            className="h-3 w-full accent-red-800"
            max={progress?.phase === "hash" ? progress.total : undefined}
            value={progress?.phase === "hash" ? progress.done : undefined}
          />
        </div>
      ) : null}

      {/* Phase changes only (not every count), so screen readers are told what happens without chatter. */}
      <p role="status" aria-live="polite" className="sr-only">
        {running ? (progress ? PHASE_TEXT[progress.phase] : "正在上传…") : ""}
      </p>

      <div aria-live="polite">
        {state.status === "failed" ? <ImportErrors message={state.message} errors={state.errors} /> : null}
        {state.status === "done" ? <ImportSuccess accounts={state.accounts} downloaded={state.downloaded} onDownloaded={() => setState({ ...state, downloaded: true })} /> : null}
      </div>
    </div>
  );
}
