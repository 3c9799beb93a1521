"use client";

import { useState, type FormEvent } from "react";
import type { EditorMaterial } from "@/lib/materials/editor";
import { importSource } from "./api";

type Props = { onImported: (material: EditorMaterial) => void; submitLabel?: string };

/** Step 1: a .docx/.txt/.md file or pasted text, read by the importer on the server. Nothing is stored. */
export function SourceForm({ onImported, submitLabel = "读取并预览" }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get("file");
    const text = data.get("text");
    const body = new FormData();
    if (file instanceof File && file.name !== "") body.set("file", file);
    else if (typeof text === "string" && text.trim() !== "") body.set("text", text);
    else return setError("请选择要上传的文件，或粘贴材料全文");
    setError(undefined);
    setPending(true);
    const result = await importSource(body);
    setPending(false);
    if (!result.ok) return setError(result.message);
    onImported(result.material);
  }

  return (
    <form onSubmit={submit} className="space-y-4 rounded border border-stone-200 bg-white p-4" noValidate>
      <div className="space-y-1">
        <label htmlFor="material-file" className="block font-medium text-stone-800">
          上传文件
        </label>
        <input
          id="material-file"
          name="file"
          type="file"
          accept=".docx,.txt,.md,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,text/markdown"
          disabled={pending}
          aria-describedby="material-file-hint"
          className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 file:mr-3 file:rounded file:border-0 file:bg-stone-100 file:px-3 file:py-1"
        />
        <p id="material-file-hint" className="text-sm text-stone-600">
          Word（.docx，不超过 20 MB）、文本（.txt，UTF-8 或 GBK 编码，不超过 2 MB）或 Markdown（.md）。图片不会导入。
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor="material-text" className="block font-medium text-stone-800">
          或粘贴材料全文
        </label>
        <textarea
          id="material-text"
          name="text"
          rows={6}
          disabled={pending}
          className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900"
        />
      </div>
      <div aria-live="polite">
        {error ? (
          <p role="alert" className="rounded bg-red-50 p-3 text-red-900">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
        {pending ? "正在读取…" : submitLabel}
      </button>
    </form>
  );
}
