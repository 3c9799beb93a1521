"use client";

import dynamic from "next/dynamic";

/** Shown when the notes chunk cannot be fetched (offline): reading goes on, notes wait for a reload. */
function NotesUnavailable() {
  return (
    <p role="status" className="mt-8 text-sm text-amber-900 print:hidden">
      笔记功能未能加载（网络中断）。联网后刷新页面即可使用；正文阅读不受影响。
    </p>
  );
}

// The notes UI is loaded after the page, in its own chunk: reading needs none of it, and the section
// page's own script stays small (npm run bench checks the budget). A chunk that fails to load (the
// reader went offline) must not take the page down with it, so the failure becomes a notice.
const SectionNotes = dynamic(() => import("./section-notes").catch(() => ({ default: NotesUnavailable })), { ssr: false });
const MaterialReflection = dynamic(() => import("./material-reflection").catch(() => ({ default: NotesUnavailable })), { ssr: false });

/** The reader's highlights, notes panel and section 心得, drawn in the browser on a prerendered section page. */
export function SectionNotesLoader(props: { material: string; section: string; version: string; textId: string }) {
  return <SectionNotes {...props} />;
}

/** The reader's 心得 on a whole material, on its prerendered overview page. */
export function MaterialReflectionLoader({ material }: { material: string }) {
  return <MaterialReflection material={material} />;
}
