"use client";

import { useEffect, useRef, useState } from "react";
import type { Autosave } from "@/lib/notes/autosave";
import { reflectionDraftKey } from "@/lib/notes/drafts";
import { formatChinaTime } from "@/lib/china-time";
import { NOTE_RULES, SUBMISSION_AUDIENCE } from "@/lib/notes/rules";
import { AutosaveTextarea } from "./autosave-textarea";
import { notesApi, toSaveOutcome, type ReflectionView } from "./notes-client";
import { ReflectionReview } from "./reflection-review";

type Props = { owner: string; material: string; section?: string; initial: ReflectionView | null; heading: string };

/**
 * One 心得 (on a section, or on the whole material): private, autosaved, with 提交 to the reader's unit
 * (after a confirmation naming who will see it) and 撤回 while allowed. Administrators see the
 * submitted copy only; their 点评 and a 退回修改 with its reason are shown here.
 */
export function ReflectionEditor({ owner, material, section, initial, heading }: Props) {
  const [reflection, setReflection] = useState(initial);
  const [rev, setRev] = useState(initial?.rev ?? 0);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const autosave = useRef<Autosave | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const headingId = `reflection-${section ?? "material"}-heading`;
  const confirmId = `reflection-${section ?? "material"}-confirm`;

  // The confirmation takes the focus, so that keyboard and screen-reader users land on it.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  function cancel() {
    setConfirming(false);
    submitButton.current?.focus();
  }

  async function submit() {
    setConfirming(false);
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
    setMessage(result.data.reflection.review.state === "RESUBMITTED" ? "已重新提交，管理员会看到修改后的内容" : "已提交给本单位，管理员可以查看提交时的内容");
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
  const state = reflection?.review.state ?? null;
  const submitLabel = state === "RETURNED" ? "修改后重新提交" : submittedAt ? "重新提交修改后的心得" : "提交给本单位";
  const canSubmit = !submittedAt || state === "RETURNED" || !!reflection?.changedSinceSubmit;
  const buttonClass = "rounded bg-red-800 px-3 py-1.5 text-white hover:bg-red-900 disabled:opacity-60";
  return (
    <section aria-labelledby={headingId} className="mt-10 rounded-lg border border-stone-200 bg-stone-50 p-4 print:hidden">
      <h2 id={headingId} className="text-lg font-bold">
        {heading}
      </h2>
      <p className="mb-3 text-sm text-stone-600">心得仅自己可见。提交后，本单位管理员可以查看提交时的内容，并可以点评或退回修改；截止前可以撤回。</p>
      {reflection && <ReflectionReview review={reflection.review} viewer="reader" />}
      <div className={reflection?.review.returned || reflection?.review.comments.length ? "mt-3" : undefined}>
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
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        {submittedAt && (
          <span className={`text-sm ${state === "RETURNED" ? "font-medium text-amber-900" : "text-green-900"}`} data-testid="reflection-state">
            {state === "RETURNED" ? "已退回修改" : state === "RESUBMITTED" ? "已重新提交" : "已提交"}（{formatChinaTime(submittedAt)}）
          </span>
        )}
        {canSubmit && !confirming && (
          <button ref={submitButton} type="button" disabled={busy} onClick={() => setConfirming(true)} className={buttonClass}>
            {submitLabel}
          </button>
        )}
        {submittedAt && reflection?.canWithdraw && (
          <button type="button" disabled={busy} onClick={() => void withdraw()} className="rounded border border-stone-400 bg-white px-3 py-1.5 hover:bg-stone-100 disabled:opacity-60">
            撤回
          </button>
        )}
        <p role="status" aria-live="polite" className="text-sm text-stone-700">
          {message}
        </p>
      </div>
      {confirming && (
        <div role="group" aria-labelledby={confirmId} className="mt-3 rounded border border-red-800 bg-white p-3" data-testid="submit-confirmation">
          <p id={confirmId} className="text-stone-900">
            提交后，<strong>{SUBMISSION_AUDIENCE}</strong>可以看到这篇心得现在的内容，并可以点评或退回修改。之后的修改和您的笔记仍仅自己可见，直到再次提交。
          </p>
          <div className="mt-3 flex flex-wrap gap-3">
            <button ref={confirmButton} type="button" disabled={busy} onClick={() => void submit()} className={buttonClass}>
              确认提交
            </button>
            <button type="button" onClick={cancel} className="rounded border border-stone-400 bg-white px-3 py-1.5 hover:bg-stone-100">
              取消
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
