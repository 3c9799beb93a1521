/**
 * Unsaved text kept in the browser's localStorage, so that a crash, a reload or a lost connection
 * never loses a keystroke. One entry per note or 心得, written on every change and removed once the
 * server has confirmed that exact text. Keys carry the owner (the display hint's name), so a shared
 * office computer never offers one reader's draft to the next. Runs in the browser; no imports.
 */
export type DraftStorage = {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
};

/** What the browser sends to create a note (see lib/schemas/notes.ts createNoteSchema). */
export type NoteCreatePayload = { id: string; material: string; section: string; version: string; paragraphId: string; start: number; quote: string; body: string };

export type Draft = {
  text: string;
  /** The server revision the text was based on (0: nothing on the server yet). */
  rev: number;
  /** Date.now() of the last change. */
  at: number;
  /** For a note the server has not confirmed yet: how to create it. */
  create?: NoteCreatePayload;
};

const PREFIX = "xxyd:draft:v1:";

export function noteDraftKey(owner: string, id: string): string {
  return `${PREFIX}${owner}:note:${id}`;
}

export function reflectionDraftKey(owner: string, material: string, section: string | null): string {
  return `${PREFIX}${owner}:reflection:${material}:${section ?? "*"}`;
}

function isDraft(value: unknown): value is Draft {
  if (typeof value !== "object" || value === null) return false;
  const d = value as Record<string, unknown>;
  return typeof d.text === "string" && Number.isInteger(d.rev) && Number.isFinite(d.at);
}

/** The draft under a key, or null (none, unreadable, or storage disabled). */
export function readDraft(storage: DraftStorage | null, key: string): Draft | null {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return isDraft(value) ? value : null;
  } catch {
    return null;
  }
}

/** Stores a draft; false when storage refused (full, disabled): the text then lives only in the page. */
export function writeDraft(storage: DraftStorage | null, key: string, draft: Draft): boolean {
  try {
    if (!storage) return false;
    storage.setItem(key, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function removeDraft(storage: DraftStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Storage disabled: there is nothing to remove.
  }
}

/** Notes of one section created in this browser but not yet confirmed by the server (e.g. made offline). */
export function listPendingNotes(storage: DraftStorage | null, owner: string, material: string, section: string): Array<{ key: string; draft: Draft & { create: NoteCreatePayload } }> {
  const prefix = noteDraftKey(owner, "");
  const found: Array<{ key: string; draft: Draft & { create: NoteCreatePayload } }> = [];
  try {
    for (let i = 0; storage && i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(prefix)) continue;
      const draft = readDraft(storage, key);
      if (draft?.create && draft.create.material === material && draft.create.section === section) found.push({ key, draft: draft as Draft & { create: NoteCreatePayload } });
    }
  } catch {
    return found;
  }
  return found.sort((a, b) => a.draft.at - b.draft.at);
}
