"use client";

import { useActionState } from "react";
import type { QuizFormState } from "@/lib/materials/quiz-form";
import { Field, FormMessage } from "../../forms/field";
import { ParagraphSelect, type ParagraphGroup } from "./paragraph-select";

type Props = {
  action: (state: QuizFormState, formData: FormData) => Promise<QuizFormState>;
  groups: ParagraphGroup[];
  defaultParagraph?: string;
};

/** 确认无误: the question stands as written, about a paragraph of the current text. */
export function ConfirmQuestionForm({ action, groups, defaultParagraph }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const values = { paragraph: defaultParagraph ?? "", quote: "", ...state.values };
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <ParagraphSelect key={`paragraph-${values.paragraph}`} id="confirm-paragraph" groups={groups} defaultValue={values.paragraph} errors={errors.paragraph} />
      <Field id="confirm-quote" name="quote" label="引文（所选段落中的原文）" defaultValue={values.quote} errors={errors.quote} hint="留空则使用该段第一句。" />
      {errors.prompt || errors.options || errors.answer || errors.explanation ? (
        <p role="alert" className="text-sm text-red-800">题目本身需要修改，请使用上方的编辑表单。</p>
      ) : null}
      <button type="submit" disabled={pending} className="rounded border border-red-800 bg-white px-4 py-2 font-medium text-red-900 hover:bg-red-50 disabled:opacity-60">
        {pending ? "正在确认…" : "确认无误"}
      </button>
    </form>
  );
}
