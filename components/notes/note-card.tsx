"use client";

import { useEffect, useRef } from "react";
import type { Autosave } from "@/lib/notes/autosave";
import { noteDraftKey } from "@/lib/notes/drafts";
import { NOTE_RULES } from "@/lib/notes/rules";
import { AutosaveTextarea } from "./autosave-textarea";
import { notesApi, toSaveOutcome, type NoteView } from "./notes-client";
import type { NoteItem } from "./section-notes";

type Props = {
  item: NoteItem;
  owner: string;
  active: boolean;
  onLocate?: () => void;
  onDelete: () => void;
  onSaved: (note: NoteView) => void;
  textareaRef: (element: HTMLTextAreaElement | null) => void;
};

/** One highlight or note in the panel: its quote, its autosaving text, 定位原文 and 删除. */
export function NoteCard({ item, owner, active, onLocate, onDelete, onSaved, textareaRef }: Props) {
  const autosave = useRef<Autosave | null>(null);
  // A note made offline is confirmed by the panel's retry; the editor then edits from that revision.
  useEffect(() => autosave.current?.setRev(item.rev), [item.rev]);
  const short = item.quote.length > 24 ? `${item.quote.slice(0, 24)}…` : item.quote;
  return (
    <article data-note-id={item.id} className={`rounded border p-3 ${active ? "border-amber-500 bg-amber-50" : "border-stone-200 bg-stone-50"}`}>
      <blockquote className="mb-2 line-clamp-4 border-l-4 border-amber-400 pl-2 text-stone-800">{item.quote}</blockquote>
      <AutosaveTextarea
        label={`笔记：${short}`}
        hideLabel
        draftKey={noteDraftKey(owner, item.id)}
        text={item.body}
        rev={item.rev}
        max={NOTE_RULES.maxNoteChars}
        what="笔记"
        rows={item.body ? 4 : 2}
        placeholder={item.body ? undefined : "划线。可在此写笔记……"}
        textareaRef={textareaRef}
        draftExtra={() => (item.create ? { create: item.create } : {})}
        controllerRef={(controller) => {
          autosave.current = controller;
        }}
        save={async (text, rev) => {
          let base = rev;
          if (item.create) {
            // Not confirmed by the server yet: the (idempotent) create carries the text. If the note
            // was created meanwhile with other text, the edit below saves this text on top of it.
            const created = await notesApi.create({ ...item.create, body: text });
            if (!created.ok || created.data.note.body === text) return toSaveOutcome(created, (data) => (onSaved(data.note), data.note.rev));
            base = created.data.note.rev;
          }
          return toSaveOutcome(await notesApi.edit(item.id, text, base), (data) => (onSaved(data.note), data.note.rev));
        }}
      />
      <div className="mt-2 flex flex-wrap gap-2 text-sm">
        {onLocate && (
          <button type="button" onClick={onLocate} className="rounded border border-stone-400 bg-white px-2 py-1 hover:bg-stone-100">
            定位原文
          </button>
        )}
        <button type="button" onClick={onDelete} className="rounded border border-red-300 bg-white px-2 py-1 text-red-900 hover:bg-red-50">
          删除
        </button>
      </div>
    </article>
  );
}
