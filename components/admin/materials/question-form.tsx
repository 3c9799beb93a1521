"use client";

import { useActionState, useEffect, useState } from "react";
import type { QuizFormState } from "@/lib/materials/quiz-form";
import { Field, FormMessage, SelectField, TextAreaField } from "../../forms/field";
import { ParagraphSelect, type ParagraphGroup } from "./paragraph-select";

const OPTION_IDS = ["a", "b", "c", "d", "e", "f", "g", "h"];
const TYPE_OPTIONS = [
  { value: "single", label: "单选题" },
  { value: "multiple", label: "多选题" },
  { value: "true-false", label: "判断题" },
];

/** The editor's starting values (a stored question, or blanks for a new one), as form strings. */
export type QuestionFormValues = Record<string, string>;

type Props = {
  action: (state: QuizFormState, formData: FormData) => Promise<QuizFormState>;
  groups: ParagraphGroup[];
  initial: QuestionFormValues;
  submitLabel: string;
};

/**
 * Add or edit a self-test question. Without JavaScript every part is shown (blank option slots are
 * ignored); with it, only the parts of the chosen type, and options can be added and removed.
 */
export function QuestionForm({ action, groups, initial, submitLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const values = { ...initial, ...state.values };
  const [hydrated, setHydrated] = useState(false);
  const [type, setType] = useState(values.type ?? "single");
  const [paragraph, setParagraph] = useState(values.paragraph ?? "");
  const filled = OPTION_IDS.filter((id) => values[`option-${id}`]);
  // Without JavaScript there is no 添加选项: offer a few blank slots after the filled ones.
  const [shown, setShown] = useState<string[]>(() => OPTION_IDS.slice(0, Math.min(OPTION_IDS.length, Math.max(4, (filled.length ? OPTION_IDS.indexOf(filled.at(-1)!) + 1 : 0) + 1))));
  useEffect(() => setHydrated(true), []);
  // After a refusal React resets the form to its defaults, which are now the submitted values: the
  // selects are remounted with them (key) and the shown parts follow the submitted type.
  useEffect(() => {
    if (state.values?.type) setType(state.values.type);
    if (state.values?.paragraph !== undefined) setParagraph(state.values.paragraph);
  }, [state.values]);
  const correct = new Set((values.correct ?? "").split(",").filter(Boolean));
  const errors = state.fieldErrors ?? {};
  const choice = !hydrated || type !== "true-false";
  const truth = !hydrated || type === "true-false";
  const defaultQuote = groups.flatMap((g) => g.paragraphs).find((p) => p.value === paragraph)?.quote;
  const answerError = errors.answer?.length ? errors.answer.join("；") : null;
  return (
    <form action={formAction} className="max-w-3xl space-y-5" noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <SelectField key={`type-${values.type}`} name="type" label="题型" options={TYPE_OPTIONS} defaultValue={values.type ?? "single"} errors={errors.type} onChange={(e) => setType(e.target.value)} />
      <TextAreaField name="prompt" label="题干" defaultValue={values.prompt} errors={errors.prompt} hint="判断题写一句可以判断对错的话。" />
      {choice ? (
        <fieldset className="space-y-3 rounded border border-stone-300 p-3" aria-describedby="options-hint">
          <legend className="px-1 font-medium text-stone-800">选项（勾选正确答案）</legend>
          <p id="options-hint" className="text-sm text-stone-600">
            单选题至少 2 个选项、只勾选一个正确答案；多选题至少 3 个选项。{hydrated ? "" : "不用的选项留空即可。判断题不用填写选项。"}
          </p>
          {shown.map((id) => (
            <div key={id} className="space-y-1">
              <div className="flex items-center justify-between gap-3">
                <label htmlFor={`option-${id}`} className="font-medium text-stone-800">
                  选项 {id.toUpperCase()}
                </label>
                <label className="flex items-center gap-1.5 whitespace-nowrap text-stone-800">
                  <input type="checkbox" name="correct" value={id} defaultChecked={correct.has(id)} className="size-5 accent-red-800" />
                  <span aria-hidden="true">正确答案</span>
                  <span className="sr-only">选项 {id.toUpperCase()} 是正确答案</span>
                </label>
              </div>
              <div className="flex gap-2">
                <input
                  id={`option-${id}`}
                  name={`option-${id}`}
                  defaultValue={values[`option-${id}`]}
                  aria-invalid={errors.options?.length ? true : undefined}
                  aria-describedby={errors.options?.length ? "options-error" : undefined}
                  className="min-w-0 flex-1 rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900"
                />
                {hydrated && shown.length > 2 ? (
                  <button type="button" onClick={() => setShown(shown.filter((s) => s !== id))} className="shrink-0 rounded border border-stone-400 px-3 py-2 text-stone-800 hover:bg-stone-100">
                    删除<span className="sr-only">选项 {id.toUpperCase()}</span>
                  </button>
                ) : null}
              </div>
            </div>
          ))}
          {hydrated && shown.length < OPTION_IDS.length ? (
            <button
              type="button"
              onClick={() => setShown([...shown, OPTION_IDS.find((id) => !shown.includes(id))!].sort())}
              className="rounded border border-stone-400 bg-white px-3 py-2 text-stone-800 hover:bg-stone-100"
            >
              添加选项
            </button>
          ) : null}
          <div aria-live="polite">
            {errors.options?.length ? (
              <p id="options-error" className="text-sm text-red-800">
                {errors.options.join("；")}
              </p>
            ) : null}
            {answerError && type !== "true-false" ? <p className="text-sm text-red-800">{answerError}</p> : null}
          </div>
        </fieldset>
      ) : null}
      {truth ? (
        <fieldset className="space-y-2 rounded border border-stone-300 p-3">
          <legend className="px-1 font-medium text-stone-800">判断题答案{hydrated ? "" : "（仅判断题填写）"}</legend>
          <div className="flex gap-6">
            <label className="flex items-center gap-2">
              <input type="radio" name="truth" value="true" defaultChecked={values.truth === "true"} className="size-5 accent-red-800" />
              这句话正确
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="truth" value="false" defaultChecked={values.truth === "false"} className="size-5 accent-red-800" />
              这句话错误
            </label>
          </div>
          <div aria-live="polite">{answerError && type === "true-false" ? <p className="text-sm text-red-800">{answerError}</p> : null}</div>
        </fieldset>
      ) : null}
      <ParagraphSelect key={`paragraph-${values.paragraph}`} id="field-paragraph" groups={groups} defaultValue={values.paragraph} errors={errors.paragraph} onChange={setParagraph} />
      <Field
        name="quote"
        label="引文（所选段落中的原文）"
        defaultValue={values.quote}
        placeholder={defaultQuote}
        errors={errors.quote}
        hint="一字不差地摘自所选段落，用于修订后重新找到这一段；留空则使用该段第一句。"
      />
      <TextAreaField name="explanation" label="答案解析" defaultValue={values.explanation} errors={errors.explanation} hint="读者答错时显示。" />
      <button type="submit" disabled={pending} className="rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
        {pending ? "正在保存…" : submitLabel}
      </button>
    </form>
  );
}
