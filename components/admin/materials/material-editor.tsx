"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import {
  countFlagged,
  dropFlagged,
  dropParagraph,
  mergeWithNext,
  renameSection,
  splitSection,
  toImportedSections,
  type EditorMaterial,
  type EditorSection,
} from "@/lib/materials/editor";
import { Field, FormMessage, SelectField, type SelectOption } from "../../forms/field";
import { postJson, type FieldErrors, type RevisionPreview } from "./api";
import { RevisionDiff } from "./revision-diff";
import { SectionCard } from "./section-card";
import { SourceForm } from "./source-form";

export type EditorMode =
  | { kind: "publish"; audienceOptions: SelectOption[] }
  | { kind: "revise"; slug: string; current: EditorMaterial; order: number };

const BUTTON = "rounded bg-red-800 px-5 py-2.5 font-medium text-white hover:bg-red-900 disabled:opacity-60";
const SECONDARY = "rounded border border-stone-400 bg-white px-4 py-2 font-medium text-stone-800 hover:bg-stone-100 disabled:opacity-60";

/**
 * The publishing editor: a file or pasted text → the importer's sections, rendered as readers will
 * see them → rename, merge, split, drop (lib/materials/editor.ts) → publish, or for a revision the
 * per-section paragraph diff first, then confirm. The server checks everything again.
 */
export function MaterialEditor({ mode }: { mode: EditorMode }) {
  const router = useRouter();
  const [material, setMaterial] = useState<EditorMaterial | null>(null);
  const [sections, setSections] = useState<EditorSection[]>([]);
  const [history, setHistory] = useState<EditorSection[][]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const [preview, setPreview] = useState<RevisionPreview | null>(null);
  const [formValues, setFormValues] = useState<Record<string, string>>({});
  const diffHeading = useRef<HTMLHeadingElement>(null);

  // The diff replaces the section list: take the reader (and the focus) to its start.
  useEffect(() => {
    if (!preview) return;
    diffHeading.current?.scrollIntoView({ block: "start" });
    diffHeading.current?.focus({ preventScroll: true });
  }, [preview]);

  function load(next: EditorMaterial) {
    setMaterial(next);
    setSections(next.sections);
    setHistory([]);
    setErrors({});
    setMessage(undefined);
    setPreview(null);
    setFormValues({ title: next.title, description: next.description ?? "", order: mode.kind === "revise" ? String(mode.order) : "", slug: "", audience: "" });
  }

  function edit(change: (current: EditorSection[]) => EditorSection[]) {
    setHistory((h) => [...h.slice(-49), sections]);
    setSections(change(sections));
    setPreview(null);
  }

  function undo() {
    const previous = history.at(-1);
    if (!previous) return;
    setHistory(history.slice(0, -1));
    setSections(previous);
    setPreview(null);
  }

  function payload(form: HTMLFormElement) {
    const data: Record<string, string> = Object.fromEntries([...new FormData(form).entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
    setFormValues(data);
    return { fields: data, sections: toImportedSections(sections) };
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { fields, sections: edited } = payload(event.currentTarget);
    setPending(true);
    setMessage(undefined);
    if (mode.kind === "publish") {
      const result = await postJson<{ slug: string }>("/api/admin/materials", { ...fields, sections: edited });
      setPending(false);
      if (!result.ok) return fail(result.message, result.fieldErrors);
      router.push(`/admin/materials/${result.slug}?done=published`);
      return;
    }
    const confirm = preview !== null;
    const revision = { title: fields.title ?? "", description: fields.description ?? "", order: fields.order ?? "", sections: edited };
    const result = await postJson<RevisionPreview & { revision: number; changed: boolean }>(`/api/admin/materials/${mode.slug}/revision`, { ...revision, confirm });
    setPending(false);
    if (!result.ok) return fail(result.message, result.fieldErrors);
    if (!confirm) return setPreview({ diff: result.diff, metaChanged: result.metaChanged, questionsToReview: result.questionsToReview });
    router.push(`/admin/materials/${mode.slug}?done=${result.changed ? "revised" : "unchanged"}`);
  }

  function fail(text: string, fieldErrors?: FieldErrors) {
    setErrors(fieldErrors ?? {});
    setMessage(text);
    setPreview(null);
  }

  if (!material) {
    return (
      <div className="space-y-4">
        {mode.kind === "revise" ? (
          <div className="rounded border border-stone-200 bg-white p-4">
            <p className="mb-3 text-stone-800">在当前版本上直接修改各节，或上传、粘贴新的版本。</p>
            <button type="button" className={SECONDARY} onClick={() => load(mode.current)}>
              编辑当前版本
            </button>
          </div>
        ) : null}
        <SourceForm onImported={load} submitLabel={mode.kind === "revise" ? "读取新版本并预览" : "读取并预览"} />
      </div>
    );
  }

  const junk = countFlagged(sections, "junk");
  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      <div>
        {material.warnings.length > 0 ? (
          <ul className="space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950" aria-label="导入提示">
            {material.warnings.map((w) => (
              <li key={w.code}>{w.message}</li>
            ))}
          </ul>
        ) : null}
      </div>

      <fieldset className="space-y-4 rounded border border-stone-200 bg-white p-4">
        <legend className="px-1 font-bold">材料信息</legend>
        <Field name="title" label="标题" defaultValue={formValues.title} errors={errors.title} required maxLength={200} />
        <Field name="description" label="简介" defaultValue={formValues.description} errors={errors.description} hint="显示在首页的材料列表中；不填则使用标题" maxLength={1000} />
        {mode.kind === "publish" ? (
          <>
            <Field name="slug" label="网址名" defaultValue={formValues.slug} errors={errors.slug} required hint="用于网址 /materials/网址名：小写字母、数字和连字符，例如 party-rules-2024；发布后不能修改" autoCapitalize="off" spellCheck={false} />
            <SelectField
              name="audience"
              label="阅读范围"
              defaultValue={formValues.audience}
              errors={errors.audience}
              options={[{ value: "", label: "请选择" }, ...mode.audienceOptions]}
              hint="选择单位时，该单位及其下级单位的人员可以阅读"
            />
          </>
        ) : null}
        <Field name="order" label="排序" defaultValue={formValues.order} errors={errors.order} inputMode="numeric" hint="在首页的位置，数字小的在前；不填则排在最后" />
      </fieldset>

      {preview ? (
        <div className="space-y-3">
          <h2 ref={diffHeading} tabIndex={-1} className="text-xl font-bold">
            本次修订的变化
          </h2>
          <p className="text-stone-700">请核对下面列出的变化，确认无误后发布修订；要继续修改，点“返回修改”。</p>
          <RevisionDiff diff={preview.diff} metaChanged={preview.metaChanged} questionsToReview={preview.questionsToReview} />
        </div>
      ) : (
        <>
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-xl font-bold">预览与编辑（共 {sections.length} 节）</h2>
          <button type="button" className={SECONDARY} onClick={undo} disabled={history.length === 0}>
            撤销上一步
          </button>
          {junk > 0 ? (
            <button type="button" className={SECONDARY} onClick={() => edit((s) => dropFlagged(s, "junk"))}>
              删除全部疑似无关内容（{junk} 段）
            </button>
          ) : null}
        </div>
        {sections.length === 0 ? (
          <p role="alert" className="rounded bg-red-50 p-3 text-red-900">
            所有段落都已删除，没有可发布的正文。可以点“撤销上一步”恢复，或重新选择文件。
          </p>
        ) : null}
        <p className="text-stone-700">下面是读者将看到的样子。可以给某一节改名、与下一节合并、从某一段起拆为新的一节，或删除某一段。</p>
        <div className="space-y-4">
          {sections.map((section, index) => (
            <SectionCard
              key={section.slug}
              section={section}
              index={index}
              isLast={index === sections.length - 1}
              onRename={(title) => {
                try {
                  const next = renameSection(sections, index, title);
                  edit(() => next);
                  return null;
                } catch {
                  return "节的名称不能为空，且不超过 200 字";
                }
              }}
              onMerge={() => edit((s) => mergeWithNext(s, index))}
              onSplit={(p) => edit((s) => splitSection(s, index, p))}
              onDrop={(p) => edit((s) => dropParagraph(s, index, p))}
            />
          ))}
        </div>

        </>
      )}

      <div className="sticky bottom-0 space-y-3 border-t border-stone-200 bg-stone-50 py-3">
        <FormMessage ok={false} message={message} />
        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={pending || sections.length === 0} className={BUTTON}>
            {pending ? "正在提交…" : mode.kind === "publish" ? "发布" : preview ? "确认发布修订" : "查看修改内容"}
          </button>
          {preview ? (
            <button type="button" className={SECONDARY} onClick={() => setPreview(null)}>
              返回修改
            </button>
          ) : null}
          <button type="button" className={SECONDARY} onClick={() => setMaterial(null)} disabled={pending}>
            重新选择文件
          </button>
        </div>
      </div>
    </form>
  );
}
