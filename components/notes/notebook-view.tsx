import Link from "next/link";
import type { NotebookMaterial, NotebookSection } from "@/lib/notes/notebook";
import { formatChinaTime } from "@/lib/china-time";
import type { ReflectionView } from "@/lib/notes/reflections";
import type { NoteView } from "@/lib/notes/store";
import { REVIEW_STATE_LABELS } from "@/lib/notes/rules";
import { ReflectionReview } from "./reflection-review";
import { materialHref, sectionHref } from "@/lib/routes";

// Reader text is rendered only as React text nodes, with line breaks kept by CSS: never as markup.
const TEXT = "whitespace-pre-wrap break-words";

function NoteEntry({ note, materialSlug }: { note: NoteView; materialSlug: string }) {
  return (
    <li className="rounded border border-stone-200 bg-white p-3">
      <blockquote className={`border-l-4 border-amber-400 pl-2 text-stone-700 ${TEXT}`}>{note.quote}</blockquote>
      {note.body.trim() ? <p className={`mt-2 text-stone-900 ${TEXT}`}>{note.body}</p> : <p className="mt-2 text-sm text-stone-600">（划线）</p>}
      <p className="mt-2 flex flex-wrap gap-3 text-sm text-stone-600">
        <span>更新于 {formatChinaTime(note.updatedAt)}</span>
        {note.placement && (
          <Link href={sectionHref(materialSlug, note.sectionSlug, note.placement.paragraphId)} className="text-red-800 underline">
            在原文中查看
          </Link>
        )}
      </p>
    </li>
  );
}

function ReflectionEntry({ title, reflection }: { title: string; reflection: ReflectionView }) {
  return (
    <div className="mt-4 rounded border border-stone-200 bg-stone-50 p-3">
      <h4 className="font-bold">
        {title}
        <span className="ml-2 text-sm font-normal text-stone-600">
          {reflection.submittedAt && reflection.review.state
            ? `${REVIEW_STATE_LABELS[reflection.review.state]}（${formatChinaTime(reflection.submittedAt)}）`
            : "未提交，仅自己可见"}{" "}
          · {reflection.body.length} 字
        </span>
      </h4>
      <ReflectionReview review={reflection.review} viewer="reader" level={5} />
      <p className={`mt-2 ${TEXT}`}>{reflection.body}</p>
    </div>
  );
}

function SectionEntry({ material, section }: { material: string; section: NotebookSection }) {
  return (
    <section aria-labelledby={`s-${material}-${section.slug}`} className="mt-6">
      <h3 id={`s-${material}-${section.slug}`} className="text-lg font-bold">
        <Link href={sectionHref(material, section.slug)} className="text-red-900 underline-offset-4 hover:underline">
          {section.title}
        </Link>
      </h3>
      {section.notes.length > 0 && <ul className="mt-2 grid gap-3">{section.notes.map((n) => <NoteEntry key={n.id} note={n} materialSlug={material} />)}</ul>}
      {section.orphans.length > 0 && (
        <div className="mt-3">
          <h4 className="font-bold text-amber-900">原文已修改（{section.orphans.length}）</h4>
          <p className="text-sm text-stone-600">材料修订后，这些笔记所引的原文已找不到；引文和笔记都保留着。</p>
          <ul className="mt-2 grid gap-3">{section.orphans.map((n) => <NoteEntry key={n.id} note={n} materialSlug={material} />)}</ul>
        </div>
      )}
      {section.reflection && <ReflectionEntry title="本节心得" reflection={section.reflection} />}
    </section>
  );
}

/** One material's notes, 心得 and links, as listed on 我的笔记. */
export function NotebookMaterialView({ material }: { material: NotebookMaterial }) {
  return (
    <section aria-labelledby={`m-${material.slug}`} className="mt-8">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-stone-200 pb-2">
        <h2 id={`m-${material.slug}`} className="text-xl font-bold">
          <Link href={materialHref(material.slug)} className="underline-offset-4 hover:underline">
            {material.title}
          </Link>
        </h2>
        <Link href={`/me/notes/print/${material.slug}`} className="text-sm text-red-800 underline">
          打印学习笔记本
        </Link>
      </div>
      {material.sections.map((section) => (
        <SectionEntry key={section.slug} material={material.slug} section={section} />
      ))}
      {material.reflection && <ReflectionEntry title="学习心得（全文）" reflection={material.reflection} />}
    </section>
  );
}
