"use client";

import dynamic from "next/dynamic";

// The notes UI is loaded after the page, in its own chunk: reading needs none of it, and the section
// page's own script stays small (npm run bench checks the budget).
const SectionNotes = dynamic(() => import("./section-notes"), { ssr: false });
const MaterialReflection = dynamic(() => import("./material-reflection"), { ssr: false });

/** The reader's highlights, notes panel and section 心得, drawn in the browser on a prerendered section page. */
export function SectionNotesLoader(props: { material: string; section: string; version: string; textId: string }) {
  return <SectionNotes {...props} />;
}

/** The reader's 心得 on a whole material, on its prerendered overview page. */
export function MaterialReflectionLoader({ material }: { material: string }) {
  return <MaterialReflection material={material} />;
}
