"use client";

import { useRef, useState } from "react";
import type { Autosave } from "@/lib/notes/autosave";
import { reflectionDraftKey } from "@/lib/notes/drafts";
import { formatChinaTime } from "@/lib/china-time";
import { NOTE_RULES } from "@/lib/notes/rules";
import { AutosaveTextarea } from "./autosave-textarea";
import { notesApi, toSaveOutcome, type ReflectionView } from "./notes-client";

type Props = { owner: string; material: string; section?: string; initial: ReflectionView | null; heading: string };

/**
 * One 心得 (on a section, or on the whole material): private, autosaved, with 提交 to the reader's unit
 * and 撤回 while allowed. Administrators see the submitted copy only.
 */
export function ReflectionEditor({ owner, material, section, initial, heading }: Props) {
  const [reflection, setReflection] = useState(initial);
  const [rev, setRev] = useState(initial?.rev ?? 0);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const autosave = useRef<Autosave | null>(null);
  const headingId = `reflection-${section ?? "material"}-heading`;

  async function submit() {
    setBusy(true);
    setMessage("");
    const saved = await autosave.current?.flush();
    if (saved && saved.status !== "saved" && saved.status !== "idle") {
      setBusy(false);
      return setMessage("心得还没有保存成功，保存后才能提交");
    }
    const result = await notesApi.submit(material, section, saved?.rev ?? rev);
    setBusy(false);
    if (!result.ok) return setMessage(result.message);
    setReflection(result.data.reflection);
    setMessage("已提交给本单位，管理员可以查看提交时的内容");
  }

  async function withdraw() {
    setBusy(true);
    const result = await notesApi.withdraw(material, section);
    setBusy(false);
    if (!result.ok) return setMessage(result.message);
    setReflection(result.data.reflection);
    setMessage("已撤回，心得仅自己可见");
  }

  const submittedAt = reflection?.submittedAt;
  return (
    <section aria-labelledby={headingId} className="mt-10 rounded-lg border border-stone-200 bg-stone-50 p-4 print:hidden">
      <h2 id={headingId} className="text-lg font-bold">
        {heading}
      </h2>
      <p className="mb-3 text-sm text-stone-600">心得仅自己可见。提交后，本单位管理员可以查看提交时的内容；截止前可以撤回。</p>
      <AutosaveTextarea
        label={heading}
        hideLabel
        draftKey={reflectionDraftKey(owner, material, section ?? null)}
        text={initial?.body ?? ""}
        rev={initial?.rev ?? 0}
        max={NOTE_RULES.maxReflectionChars}
        what="心得"
        rows={8}
        placeholder="写下学习体会……"
        save={async (text, base) =>
          toSaveOutcome(await notesApi.saveReflection(material, section, text, base), (data) => {
            setReflection(data.reflection);
            return data.reflection.rev;
          })
        }
        onState={(state) => setRev(state.rev)}
        controllerRef={(controller) => {
          autosave.current = controller;
        }}
      />
      <div className="mt-3 flex flex-wrap items-center gap-3">
        {submittedAt ? (
          <>
            <span className="text-sm text-green-900">已提交（{formatChinaTime(submittedAt)}）</span>
            {reflection?.changedSinceSubmit && (
              <button type="button" disabled={busy} onClick={() => void submit()} className="rounded bg-red-800 px-3 py-1.5 text-white hover:bg-red-900 disabled:opacity-60">
                重新提交修改后的心得
              </button>
            )}
            {reflection?.canWithdraw && (
              <button type="button" disabled={busy} onClick={() => void withdraw()} className="rounded border border-stone-400 bg-white px-3 py-1.5 hover:bg-stone-100 disabled:opacity-60">
                撤回
              </button>
            )}
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => void submit()} className="rounded bg-red-800 px-3 py-1.5 text-white hover:bg-red-900 disabled:opacity-60">
            提交给本单位
          </button>
        )}
        <p role="status" aria-live="polite" className="text-sm text-stone-700">
          {message}
        </p>
      </div>
    </section>
  );
}
