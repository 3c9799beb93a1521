import type { Section } from "@/lib/content";
import { formatChinaTime } from "@/lib/china-time";
import { splitByRanges } from "@/lib/notes/format";
import type { NotebookSection } from "@/lib/notes/notebook";
import type { ReflectionView } from "@/lib/notes/reflections";
import type { NoteView } from "@/lib/notes/store";

// Reader text is rendered only as React text nodes, with line breaks kept by CSS: never as markup.
const TEXT = "whitespace-pre-wrap break-words";

function NotesBelow({ notes }: { notes: NoteView[] }) {
  return (
    <ul className="notebook-notes mb-4 ml-6 grid gap-2 border-l-2 border-amber-500 pl-3 text-[0.95em]">
      {notes.map((note) => (
        <li key={note.id}>
          <p className="text-stone-600">
            <span aria-hidden="true">“</span>
            {note.quote}
            <span aria-hidden="true">”</span>
          </p>
          {note.body.trim() ? <p className={TEXT}>{note.body}</p> : <p className="text-stone-600">（划线）</p>}
        </li>
      ))}
    </ul>
  );
}

/** A 心得 in the printable notebook. */
export function ReflectionBlock({ title, reflection }: { title: string; reflection: ReflectionView }) {
  return (
    <div className="notebook-reflection mt-4 rounded border border-stone-300 p-3">
      <h3 className="font-bold">
        {title}
        {reflection.submittedAt && <span className="ml-2 text-sm font-normal">（已提交 {formatChinaTime(reflection.submittedAt)}）</span>}
      </h3>
      <p className={`mt-2 ${TEXT}`}>{reflection.body}</p>
    </div>
  );
}

/** One section of the printable notebook: the text with the reader's highlights, notes below each paragraph. */
export function PrintableSection({ section, mine }: { section: Section; mine: NotebookSection | undefined }) {
  const notesIn = (paragraphId: string) => mine?.notes.filter((n) => n.placement?.paragraphId === paragraphId) ?? [];
  return (
    <section aria-labelledby={`print-${section.slug}`} className="notebook-section mt-8">
      <h2 id={`print-${section.slug}`} className="mb-3 text-xl font-bold">
        {section.title}
      </h2>
      <div className="notebook-text font-serif leading-loose">
        {section.paragraphs.map((paragraph) => {
          const notes = notesIn(paragraph.id);
          return (
            <div key={paragraph.id}>
              <p className="mb-2 indent-8">
                {splitByRanges(paragraph.text, notes.flatMap((n) => (n.placement ? [n.placement] : []))).map((piece, i) =>
                  piece.marked ? (
                    <mark key={i} className="bg-amber-100 underline decoration-amber-600 decoration-2 underline-offset-4">
                      {piece.text}
                    </mark>
                  ) : (
                    piece.text
                  ),
                )}
              </p>
              {notes.length > 0 && <NotesBelow notes={notes} />}
            </div>
          );
        })}
      </div>
      {mine && mine.orphans.length > 0 && (
        <div className="mt-4">
          <h3 className="font-bold">原文已修改的笔记</h3>
          <NotesBelow notes={mine.orphans} />
        </div>
      )}
      {mine?.reflection && <ReflectionBlock title="本节心得" reflection={mine.reflection} />}
    </section>
  );
}
