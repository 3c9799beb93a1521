import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/notes/print-button";
import { PrintableSection, ReflectionBlock } from "@/components/notes/printable-notebook";
import { requireUser } from "@/lib/auth/current-user";
import { getMaterial, isInAudience } from "@/lib/content";
import { slugSchema } from "@/lib/content/schema";
import { formatChinaTime } from "@/lib/china-time";
import { getMyNotebook } from "@/lib/notes/notebook";

export const metadata: Metadata = { title: "学习笔记本" };

type Props = { params: Promise<{ material: string }> };

/** The printable 学习笔记本: the material's text with the reader's own highlights and notes, for A4 paper. */
export default async function PrintNotebookPage({ params }: Props) {
  const { material: raw } = await params;
  const user = await requireUser(`/me/notes/print/${encodeURIComponent(raw)}`);
  const slug = slugSchema.safeParse(raw);
  const material = slug.success ? getMaterial(slug.data) : undefined;
  if (!material || !isInAudience(user, material)) notFound();
  const notebook = await getMyNotebook(user, material.slug);
  const mine = notebook.materials[0];
  return (
    <article className="notebook mx-auto max-w-3xl">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link href="/me/notes" className="text-red-800 underline">
          返回我的笔记
        </Link>
        <PrintButton />
      </div>
      <header className="border-b border-stone-300 pb-3 text-center">
        <p className="text-sm tracking-widest text-stone-600">学习笔记本</p>
        <h1 className="mt-1 text-2xl font-bold">{material.title}</h1>
        <p className="mt-2 text-sm text-stone-700">
          {user.name} · {formatChinaTime(notebook.exportedAt)}
        </p>
      </header>
      {material.sections.map((section) => (
        <PrintableSection key={section.slug} section={section} mine={mine?.sections.find((s) => s.slug === section.slug)} />
      ))}
      {mine?.sections
        .filter((s) => !material.sections.some((m) => m.slug === s.slug))
        .map((s) => (
          <section key={s.slug} className="mt-8">
            <h2 className="text-xl font-bold">{s.title}</h2>
            <ul className="mt-2 grid gap-2">
              {s.orphans.map((n) => (
                <li key={n.id} className="whitespace-pre-wrap break-words">
                  “{n.quote}” {n.body}
                </li>
              ))}
            </ul>
          </section>
        ))}
      {mine?.reflection && <ReflectionBlock title="学习心得（全文）" reflection={mine.reflection} />}
    </article>
  );
}
