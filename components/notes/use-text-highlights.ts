"use client";

import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from "react";
import { locateInParagraph, MARK_CLASS, readSelection, removeMarks, wrapTextRange, type PassageSelection } from "@/lib/notes/highlight-dom";
import type { NoteView } from "./notes-client";

/** Draws the notes' highlights into the prerendered text (and removes them when they change). */
export function useHighlights(textId: string, notes: Array<Pick<NoteView, "id" | "quote" | "body" | "placement">>): void {
  // Only placements and whether a note has text change the marks; the key stands in for `notes`.
  const key = notes.map((n) => `${n.id}:${n.placement?.paragraphId}:${n.placement?.start}:${n.body.trim() ? 1 : 0}`).join("|");
  const latest = useRef(notes);
  latest.current = notes;
  useEffect(() => {
    const text = document.getElementById(textId);
    if (!text) return;
    removeMarks(text);
    for (const note of latest.current) {
      if (!note.placement) continue;
      const paragraph = document.getElementById(note.placement.paragraphId);
      if (!paragraph || !text.contains(paragraph)) continue;
      const at = locateInParagraph(paragraph, note.placement.start, note.quote);
      if (at) wrapTextRange(paragraph, at.start, at.end, { noteId: note.id, hasBody: note.body.trim().length > 0 });
    }
    return () => removeMarks(text);
  }, [textId, key]);
}

/** Calls `onOpen` with the note id when the reader clicks a highlight (not while selecting text). */
export function useMarkClicks(textId: string, onOpen: (noteId: string) => void): void {
  const latest = useRef(onOpen);
  latest.current = onOpen;
  useEffect(() => {
    const text = document.getElementById(textId);
    if (!text) return;
    const onClick = (event: MouseEvent) => {
      const mark = (event.target as Element | null)?.closest?.(`mark.${MARK_CLASS}`) as HTMLElement | null;
      if (!mark?.dataset.noteId || window.getSelection()?.isCollapsed === false) return;
      latest.current(mark.dataset.noteId);
    };
    text.addEventListener("click", onClick);
    return () => text.removeEventListener("click", onClick);
  }, [textId]);
}

type Selection = PassageSelection | { error: string } | null;

/** The passage the reader has selected in the text (or why it cannot take a note), kept while focus moves to the toolbar. */
export function useTextSelection(textId: string): [Selection, Dispatch<SetStateAction<Selection>>] {
  const [selection, setSelection] = useState<Selection>(null);
  useEffect(() => {
    let frame = 0;
    const onChange = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const text = document.getElementById(textId);
        const current = window.getSelection();
        if (!text || !current) return;
        const next = readSelection(text, current.rangeCount > 0 ? current.getRangeAt(0) : null);
        // Keep the last selection while focus moves to the toolbar (the selection may collapse then).
        if (next || !document.activeElement?.closest("[data-note-toolbar]")) setSelection(next);
      });
    };
    document.addEventListener("selectionchange", onChange);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener("selectionchange", onChange);
    };
  }, [textId]);
  return [selection, setSelection];
}
