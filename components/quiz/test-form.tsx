"use client";

import { useActionState, useState } from "react";
import { submitTestAction } from "@/app/materials/[material]/test/actions";
import { initialActionState } from "@/lib/forms";
import type { PublicQuestion } from "@/lib/quiz/grading";
import { OPTION_LETTERS, QUESTION_TYPE_LABELS } from "@/lib/quiz/labels";
import { FormMessage } from "../forms/field";


type Props = { material: string; attemptId: string; questions: PublicQuestion[] };

/**
 * The answer sheet: one fieldset per question (its legend is the question, read out with each
 * option), radio buttons or checkboxes. The choices are kept in state, so a refused submission
 * (React resets a form after its action) keeps what the reader ticked.
 */
export function TestForm({ material, attemptId, questions }: Props) {
  const [state, formAction, pending] = useActionState(submitTestAction, initialActionState);
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const answered = questions.filter((q) => (chosen[q.id]?.length ?? 0) > 0).length;

  function toggle(question: PublicQuestion, optionId: string, checked: boolean) {
    setChosen((current) => {
      const before = current[question.id] ?? [];
      const next = question.type === "multiple" ? (checked ? [...before, optionId] : before.filter((id) => id !== optionId)) : [optionId];
      return { ...current, [question.id]: next };
    });
  }

  return (
    <form action={formAction} className="space-y-5">
      <input type="hidden" name="material" value={material} />
      <input type="hidden" name="attemptId" value={attemptId} />
      <ol className="space-y-5">
        {questions.map((question, index) => (
          <li key={question.id} className="rounded-lg border border-stone-300 bg-white p-4 sm:p-5">
            <fieldset>
              <legend className="mb-3 leading-relaxed">
                <span className="mb-1 block text-sm font-medium text-stone-600">
                  第 {index + 1} 题 · {QUESTION_TYPE_LABELS[question.type]}
                  {question.type === "multiple" ? "（选出全部正确答案）" : ""}
                </span>
                <span className="block text-lg font-medium text-stone-900">{question.prompt}</span>
              </legend>
              <div className="space-y-2">
                {question.options.map((option, optionIndex) => {
                  const checked = chosen[question.id]?.includes(option.id) ?? false;
                  return (
                    <label
                      key={option.id}
                      className="flex min-h-11 cursor-pointer items-start gap-3 rounded border border-stone-300 px-3 py-2.5 hover:bg-stone-50 has-[:checked]:border-red-800 has-[:checked]:bg-red-50 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-red-800"
                    >
                      <input
                        type={question.type === "multiple" ? "checkbox" : "radio"}
                        name={`q:${question.id}`}
                        value={option.id}
                        checked={checked}
                        onChange={(event) => toggle(question, option.id, event.target.checked)}
                        className="mt-1 size-5 shrink-0 accent-red-800"
                      />
                      <span className="leading-relaxed">
                        {question.type === "true-false" ? "" : `${OPTION_LETTERS[optionIndex]}. `}
                        {option.text}
                      </span>
                    </label>
                  );
                })}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="space-y-3 border-t border-stone-200 pt-4">
        <p className="text-sm text-stone-600">
          已作答 {answered} / {questions.length} 题。交卷后不能修改答案。
        </p>
        <FormMessage ok={state.ok} message={state.message} />
        <button type="submit" disabled={pending} className="min-h-11 rounded bg-red-800 px-6 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60">
          {pending ? "正在评分…" : "交卷"}
        </button>
      </div>
    </form>
  );
}
