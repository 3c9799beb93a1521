"use client";

import { useEffect, useId, useRef, useState } from "react";
import { createAutosave, describeAutosave, type Autosave, type AutosaveState, type SaveOutcome } from "@/lib/notes/autosave";
import type { Draft } from "@/lib/notes/drafts";
import { checkLength, NOTE_RULES } from "@/lib/notes/rules";
import { getDraftStorage } from "./notes-client";

type Props = {
  label: string;
  /** Visually hidden label (the surrounding card already says what it is). */
  hideLabel?: boolean;
  draftKey: string;
  text: string;
  rev: number;
  max: number;
  what: "笔记" | "心得";
  rows?: number;
  placeholder?: string;
  save: (text: string, rev: number) => Promise<SaveOutcome>;
  draftExtra?: () => Partial<Draft>;
  onState?: (state: AutosaveState) => void;
  /** Receives the controller, e.g. to flush before a submit. */
  controllerRef?: (autosave: Autosave | null) => void;
  textareaRef?: (element: HTMLTextAreaElement | null) => void;
};

const STATUS_CLASS: Partial<Record<AutosaveState["status"], string>> = {
  saved: "text-green-800",
  retrying: "text-amber-900",
  conflict: "text-red-800",
  refused: "text-red-800",
  invalid: "text-red-800",
};

/**
 * A textarea that saves itself: debounced autosave with a visible state, every keystroke kept in
 * localStorage until the server confirms it, and a conflict shown with both texts. The text is only
 * ever a textarea value or a React text node: nothing typed here can become markup.
 */
export function AutosaveTextarea(props: Props) {
  const id = useId();
  const [state, setState] = useState<AutosaveState>({ status: "idle", text: props.text, rev: props.rev, message: "", conflict: null, restored: false });
  const autosave = useRef<Autosave | null>(null);
  // The latest callbacks, read at save time without restarting the controller.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const controller = createAutosave({
      text: props.text,
      rev: props.rev,
      storage: getDraftStorage(),
      draftKey: props.draftKey,
      save: (text, rev) => latest.current.save(text, rev),
      validate: (text) => checkLength(text, latest.current.max, latest.current.what),
      timers: { setTimeout: (run, ms) => window.setTimeout(run, ms), clearTimeout: (t) => window.clearTimeout(t as number), now: Date.now },
      delayMs: NOTE_RULES.autosaveDelayMs,
      onChange: (next) => {
        setState(next);
        latest.current.onState?.(next);
      },
      draftExtra: () => latest.current.draftExtra?.() ?? {},
    });
    autosave.current = controller;
    setState(controller.getState());
    latest.current.controllerRef?.(controller);
    const flush = () => void controller.flush();
    window.addEventListener("online", flush);
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("online", flush);
      window.removeEventListener("pagehide", flush);
      latest.current.controllerRef?.(null);
      controller.dispose();
    };
    // The controller belongs to one draft; the server text is only its starting point.
  }, [props.draftKey]);

  const over = state.text.length > props.max;
  const statusText = describeAutosave(state);
  return (
    <div>
      <label htmlFor={id} className={props.hideLabel ? "sr-only" : "mb-1 block font-medium"}>
        {props.label}
      </label>
      <textarea
        id={id}
        ref={props.textareaRef}
        value={state.text}
        rows={props.rows ?? 4}
        placeholder={props.placeholder}
        aria-describedby={`${id}-status ${id}-count`}
        aria-invalid={over || undefined}
        onChange={(event) => autosave.current?.change(event.target.value)}
        onBlur={() => void autosave.current?.flush()}
        className="block w-full resize-y rounded border border-stone-400 bg-white p-2 leading-relaxed text-stone-900"
      />
      <div className="mt-1 flex flex-wrap justify-between gap-2 text-sm">
        <p id={`${id}-status`} role="status" aria-live="polite" className={STATUS_CLASS[state.status] ?? "text-stone-600"}>
          {statusText}
        </p>
        <p id={`${id}-count`} className={over ? "font-medium text-red-800" : "text-stone-600"}>
          {state.text.length.toLocaleString("zh-CN")} / {props.max.toLocaleString("zh-CN")} 字
        </p>
      </div>
      {state.conflict && (
        <div role="alert" className="mt-2 rounded border border-red-300 bg-red-50 p-3 text-sm text-stone-900">
          <p className="font-medium text-red-900">这条{props.what}已在其他窗口或设备上修改过。为免覆盖，本次修改尚未保存。请比较两个版本后选择：</p>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            <figure>
              <figcaption className="font-medium">其他窗口保存的版本</figcaption>
              <p className="whitespace-pre-wrap break-words rounded bg-white p-2" data-testid="conflict-theirs">
                {state.conflict.theirs || "（空）"}
              </p>
            </figure>
            <figure>
              <figcaption className="font-medium">您在本窗口的版本</figcaption>
              <p className="whitespace-pre-wrap break-words rounded bg-white p-2" data-testid="conflict-mine">
                {state.conflict.mine || "（空）"}
              </p>
            </figure>
          </div>
          <div className="mt-2 flex flex-wrap gap-2">
            <button type="button" onClick={() => autosave.current?.resolve("mine")} className="rounded bg-red-800 px-3 py-1.5 text-white hover:bg-red-900">
              保留我的版本
            </button>
            <button type="button" onClick={() => autosave.current?.resolve("theirs")} className="rounded border border-stone-400 bg-white px-3 py-1.5 hover:bg-stone-100">
              采用其他窗口的版本
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
