"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { getStorageOwner, readUserHint } from "@/lib/auth/user-hint";
import { listPendingNotes, noteDraftKey, readDraft, removeDraft, writeDraft, type NoteCreatePayload } from "@/lib/notes/drafts";
import { NOTE_RULES } from "@/lib/notes/rules";
import { NoteCard } from "./note-card";
import { NotesPanel } from "./notes-panel";
import { SelectionToolbar } from "./selection-toolbar";
import { getDraftStorage, newNoteId, notesApi, type NoteView, type ReflectionView } from "./notes-client";
import { ReflectionEditor } from "./reflection-editor";
import { useHighlights, useMarkClicks, useTextSelection } from "./use-text-highlights";

type Props = { material: string; section: string; version: string; textId: string };

/** A note in the panel: as the server has it, or made here and not yet confirmed (`create` set). */
export type NoteItem = NoteView & { create?: NoteCreatePayload };

const RETRY_PENDING_MS = 5_000;

function fromPayload(create: NoteCreatePayload, body: string): NoteItem {
  const now = new Date().toISOString();
  return {
    id: create.id,
    materialSlug: create.material,
    sectionSlug: create.section,
    quote: create.quote,
    body,
    rev: 0,
    createdAt: now,
    updatedAt: now,
    placement: { paragraphId: create.paragraphId, start: create.start, end: create.start + create.quote.length },
    create,
  };
}

/**
 * The reader's notes on a prerendered section page, all drawn in the browser: highlights wrapped
 * around the text, the selection toolbar (划线 / 写笔记), the notes panel (a drawer on phones) and the
 * section's 心得. Loaded lazily after the page, from GET /api/notes.
 */
export default function SectionNotes({ material, section, version, textId }: Props) {
  const [owner, setOwner] = useState<string | null>(null);
  const [notes, setNotes] = useState<NoteItem[]>([]);
  const [reflection, setReflection] = useState<{ value: ReflectionView | null } | null>(null);
  const [loadError, setLoadError] = useState("");
  const [selection, setSelection] = useTextSelection(textId);
  const [open, setOpen] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [undo, setUndo] = useState<NoteItem | null>(null);
  const [notice, setNotice] = useState("");
  const toggleRef = useRef<HTMLButtonElement>(null);
  const panelHeadingRef = useRef<HTMLHeadingElement>(null);
  const textareas = useRef(new Map<string, HTMLTextAreaElement>());
  const focusOnOpen = useRef<string | null>(null);

  // Load the reader's notes, then any made here that the server has not confirmed yet.
  useEffect(() => {
    const hint = readUserHint(document.cookie);
    // An anonymous visitor (PUBLIC_READING) has no notes: the notes UI stays away.
    if (!hint) return;
    const who = getStorageOwner(hint);
    setOwner(who);
    let live = true;
    void notesApi.load(material, section).then((result) => {
      if (!live) return;
      if (!result.ok) {
        setLoadError(result.status === 0 ? "网络连接中断，笔记暂时无法显示" : result.message);
        setReflection({ value: null });
        return;
      }
      const known = new Set(result.data.notes.map((n) => n.id));
      const pending = listPendingNotes(getDraftStorage(), who, material, section)
        .filter(({ draft }) => !known.has(draft.create.id))
        .map(({ draft }) => fromPayload(draft.create, draft.text));
      setNotes([...result.data.notes, ...pending]);
      setReflection({ value: result.data.sectionReflection });
    });
    return () => {
      live = false;
    };
  }, [material, section]);

  // Confirm notes made offline (or whose create answer was lost): the create is idempotent.
  const confirm = useCallback(
    async (item: NoteItem) => {
      if (!item.create || owner === null) return;
      const key = noteDraftKey(owner, item.id);
      const draft = readDraft(getDraftStorage(), key);
      const result = await notesApi.create({ ...item.create, body: draft?.text ?? item.body });
      if (!result.ok) {
        if (result.status !== 0 && result.status < 500) {
          setNotice(`有一条笔记未能保存：${result.message}`);
          removeDraft(getDraftStorage(), key);
          setNotes((all) => all.filter((n) => n.id !== item.id));
        }
        return;
      }
      const saved = result.data.note;
      const latest = readDraft(getDraftStorage(), key);
      if (!latest || latest.text === saved.body) removeDraft(getDraftStorage(), key);
      else writeDraft(getDraftStorage(), key, { text: latest.text, rev: saved.rev, at: Date.now() });
      setNotes((all) => all.map((n) => (n.id === item.id ? saved : n)));
    },
    [owner],
  );

  const pendingCount = notes.filter((n) => n.create).length;
  useEffect(() => {
    if (pendingCount === 0) return;
    const retry = () => notes.filter((n) => n.create).forEach((n) => void confirm(n));
    retry();
    const timer = window.setInterval(retry, RETRY_PENDING_MS);
    window.addEventListener("online", retry);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("online", retry);
    };
    // Re-armed when the number of pending notes changes, not on every edit.
    // The closure sees the notes of the last re-arm; a pending note's payload never changes.
  }, [pendingCount, confirm]);

  useHighlights(textId, notes);
  useMarkClicks(textId, (id) => {
    focusOnOpen.current = id;
    setActiveId(id);
    setOpen(true);
  });

  useEffect(() => {
    if (!open) return;
    const id = focusOnOpen.current;
    focusOnOpen.current = null;
    if (id) textareas.current.get(id)?.focus();
    else panelHeadingRef.current?.focus();
  }, [open, activeId]);

  const add = useCallback(
    (withNote: boolean) => {
      if (!selection || "error" in selection || owner === null) return;
      if (notes.filter((n) => !n.create).length >= NOTE_RULES.maxNotesPerSection) {
        return setNotice(`每节最多保存 ${NOTE_RULES.maxNotesPerSection} 条划线和笔记`);
      }
      if (selection.quote.length > NOTE_RULES.maxQuoteChars) return setNotice(`一次最多选择 ${NOTE_RULES.maxQuoteChars} 字`);
      const create: NoteCreatePayload = { id: newNoteId(), material, section, version, ...selection, body: "" };
      // Kept before anything is sent, so a note made offline or just before a crash is not lost.
      writeDraft(getDraftStorage(), noteDraftKey(owner, create.id), { text: "", rev: 0, at: Date.now(), create });
      const item = fromPayload(create, "");
      setNotes((all) => [...all, item]);
      window.getSelection()?.removeAllRanges();
      setSelection(null);
      setNotice(withNote ? "" : "已划线");
      void confirm(item);
      if (withNote) {
        focusOnOpen.current = item.id;
        setActiveId(item.id);
        setOpen(true);
      }
    },
    [selection, owner, notes, material, section, version, confirm],
  );

  // On wide screens the page makes room for the open panel beside the text (globals.css).
  useEffect(() => {
    document.documentElement.toggleAttribute("data-notes-open", open);
    return () => document.documentElement.removeAttribute("data-notes-open");
  }, [open]);

  // Keyboard: Alt+H 划线, Alt+N 写笔记 on the current selection; Escape closes the panel.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && open) {
        setOpen(false);
        toggleRef.current?.focus();
      }
      if (!event.altKey || !selection || "error" in selection) return;
      if (event.key.toLowerCase() === "h" || event.key.toLowerCase() === "n") {
        event.preventDefault();
        add(event.key.toLowerCase() === "n");
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, selection, add]);

  async function remove(item: NoteItem) {
    setNotes((all) => all.filter((n) => n.id !== item.id));
    if (item.create) {
      if (owner !== null) removeDraft(getDraftStorage(), noteDraftKey(owner, item.id));
      return setNotice("已删除");
    }
    const result = await notesApi.remove(item.id);
    if (!result.ok) {
      setNotes((all) => [...all, item]);
      return setNotice(`删除失败：${result.message}`);
    }
    setUndo(item);
  }

  // Notices (已划线, 已撤销删除…) go away by themselves.
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(""), 4_000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  useEffect(() => {
    if (!undo) return;
    const timer = window.setTimeout(() => {
      if (owner !== null) removeDraft(getDraftStorage(), noteDraftKey(owner, undo.id));
      setUndo(null);
    }, NOTE_RULES.undoWindowMs);
    return () => window.clearTimeout(timer);
  }, [undo, owner]);

  async function restore() {
    if (!undo) return;
    const item = undo;
    setUndo(null);
    const result = await notesApi.restore(item.id);
    if (!result.ok) return setNotice(`撤销失败：${result.message}`);
    setNotes((all) => [...all, result.data.note]);
    setNotice("已撤销删除");
  }

  function locate(item: NoteItem) {
    const text = document.getElementById(textId);
    const mark = text?.querySelector<HTMLElement>(`mark[data-note-id="${CSS.escape(item.id)}"]`);
    const paragraph = mark?.closest<HTMLElement>("[id^='p-']");
    if (!mark || !paragraph) return;
    if (window.matchMedia("(max-width: 1023px)").matches) setOpen(false);
    mark.scrollIntoView({ behavior: "smooth", block: "center" });
    paragraph.tabIndex = -1;
    paragraph.focus({ preventScroll: true });
    for (const m of text?.querySelectorAll(`mark[data-note-id="${CSS.escape(item.id)}"]`) ?? []) {
      m.classList.add("note-mark-flash");
      window.setTimeout(() => m.classList.remove("note-mark-flash"), 1600);
    }
  }

  const placed = notes.filter((n) => n.placement);
  const orphans = notes.filter((n) => !n.placement);
  const card = (item: NoteItem) => (
    <NoteCard
      key={item.id}
      item={item}
      owner={owner ?? ""}
      active={item.id === activeId}
      onLocate={item.placement ? () => locate(item) : undefined}
      onDelete={() => void remove(item)}
      onSaved={(saved) => setNotes((all) => all.map((n) => (n.id === saved.id ? saved : n)))}
      textareaRef={(element) => {
        if (element) textareas.current.set(item.id, element);
        else textareas.current.delete(item.id);
      }}
    />
  );

  if (owner === null) return null;
  return (
    // Bottom padding keeps the floating 本节笔记 button from covering the last links of the page.
    <div className="pb-16 print:hidden">
      <SelectionToolbar selection={selection} notice={notice} canUndo={undo !== null} onAdd={add} onUndo={() => void restore()} />

      <button
        ref={toggleRef}
        type="button"
        aria-expanded={open}
        aria-controls="notes-panel"
        data-notes-toggle
        onClick={() => setOpen((value) => !value)}
        className="fixed bottom-4 right-4 z-20 rounded-full bg-red-800 px-4 py-2 font-medium text-white shadow-lg hover:bg-red-900"
      >
        本节笔记（{notes.length}）
      </button>

      <NotesPanel
        open={open}
        headingRef={panelHeadingRef}
        count={notes.length}
        loadError={loadError}
        placed={placed.map((item) => ({ id: item.id, node: card(item) }))}
        orphans={orphans.map((item) => ({ id: item.id, node: card(item) }))}
        onClose={() => {
          setOpen(false);
          toggleRef.current?.focus();
        }}
      />

      {reflection && owner !== null && (
        <ReflectionEditor owner={owner} material={material} section={section} initial={reflection.value} heading="本节心得" />
      )}
    </div>
  );
}
