import { readDraft, removeDraft, writeDraft, type Draft, type DraftStorage } from "./drafts";

/** What one save attempt came to. */
export type SaveOutcome =
  | { kind: "saved"; rev: number }
  | { kind: "conflict"; current: { body: string; rev: number } }
  /** Network down, server busy: try again later, keep the draft. */
  | { kind: "retry"; message?: string }
  /** Refused for good (deleted, signed out, too long): stop retrying, keep the draft, say why. */
  | { kind: "refused"; message: string };

export type AutosaveStatus = "idle" | "pending" | "saving" | "saved" | "retrying" | "conflict" | "refused" | "invalid";

export type AutosaveState = {
  status: AutosaveStatus;
  text: string;
  rev: number;
  /** Shown next to the status: why saving stopped or failed, or that a draft was restored. */
  message: string;
  /** Both texts when another tab saved first. */
  conflict: { mine: string; theirs: string; rev: number } | null;
  restored: boolean;
};

export type AutosaveTimers = {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
  now(): number;
};

export type AutosaveOptions = {
  text: string;
  rev: number;
  storage: DraftStorage | null;
  draftKey: string;
  /** Saves `text` based on `rev`. Must not throw: network errors are a "retry". */
  save: (text: string, rev: number) => Promise<SaveOutcome>;
  /** A message when the text cannot be saved as it is (e.g. over the length limit), else null. */
  validate: (text: string) => string | null;
  timers: AutosaveTimers;
  delayMs: number;
  onChange: (state: AutosaveState) => void;
  /** Extra fields kept with the draft (a note not yet created carries how to create it). */
  draftExtra?: () => Partial<Draft>;
};

const RETRY_STEPS_MS = [2_000, 4_000, 8_000, 15_000, 30_000];

/**
 * Debounced autosave with a visible state, a localStorage draft of every keystroke, retries with
 * backoff, and optimistic concurrency: a save based on a stale revision comes back as a conflict with
 * both texts, and nothing is saved until the reader chooses. Framework-free, so it is unit-tested.
 */
export function createAutosave(options: AutosaveOptions) {
  const { storage, draftKey, timers } = options;
  const state: AutosaveState = { status: "idle", text: options.text, rev: options.rev, message: "", conflict: null, restored: false };
  let timer: unknown = null;
  let retries = 0;
  let inFlight: Promise<void> | null = null;
  let disposed = false;

  const emit = (): void => {
    if (!disposed) options.onChange({ ...state });
  };
  const persist = () => writeDraft(storage, draftKey, { text: state.text, rev: state.rev, at: timers.now(), ...options.draftExtra?.() });
  const schedule = (ms: number) => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void run();
    }, ms);
  };

  async function run(): Promise<void> {
    if (disposed || state.status === "conflict" || state.status === "refused") return;
    if (inFlight) {
      await inFlight;
      return run();
    }
    const invalid = options.validate(state.text);
    if (invalid) {
      Object.assign(state, { status: "invalid", message: invalid });
      return emit();
    }
    const text = state.text;
    Object.assign(state, { status: "saving", message: "" });
    emit();
    let outcome: SaveOutcome;
    inFlight = options.save(text, state.rev).then(
      (result) => void (outcome = result),
      () => void (outcome = { kind: "retry" }),
    );
    await inFlight;
    inFlight = null;
    if (disposed) return;
    outcome ??= { kind: "retry" };
    if (outcome.kind === "saved") {
      retries = 0;
      state.rev = outcome.rev;
      if (state.text === text) {
        removeDraft(storage, draftKey);
        Object.assign(state, { status: "saved", message: "", restored: false });
      } else {
        persist(); // typed on while saving: the newer text is still unsaved
        state.status = "pending";
        schedule(options.delayMs);
      }
    } else if (outcome.kind === "conflict") {
      Object.assign(state, { status: "conflict", message: "", conflict: { mine: state.text, theirs: outcome.current.body, rev: outcome.current.rev } });
    } else if (outcome.kind === "refused") {
      Object.assign(state, { status: "refused", message: outcome.message });
    } else {
      Object.assign(state, { status: "retrying", message: outcome.message ?? "" });
      schedule(RETRY_STEPS_MS[Math.min(retries++, RETRY_STEPS_MS.length - 1)] ?? 30_000);
    }
    emit();
  }

  const controller = {
    /** The reader typed: keep the text at once, save it after a pause. */
    change(text: string) {
      if (text === state.text) return;
      state.text = text;
      persist();
      if (state.status === "conflict") {
        state.conflict = state.conflict && { ...state.conflict, mine: text };
        return emit();
      }
      if (state.status === "refused") return emit();
      Object.assign(state, { status: "pending", message: "" });
      retries = 0;
      emit();
      schedule(options.delayMs);
    },
    /** Saves now (before a submit, on pagehide, when the connection returns). */
    async flush(): Promise<AutosaveState> {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      if (["pending", "retrying", "invalid"].includes(state.status) || inFlight) await run();
      return { ...state };
    },
    /** Ends a conflict: keep my text (saved over the other, knowingly) or take the other tab's. */
    resolve(choice: "mine" | "theirs") {
      const conflict = state.conflict;
      if (!conflict) return;
      state.rev = conflict.rev;
      state.conflict = null;
      if (choice === "theirs") {
        state.text = conflict.theirs;
        removeDraft(storage, draftKey);
        Object.assign(state, { status: "saved", message: "" });
        return emit();
      }
      persist();
      Object.assign(state, { status: "pending", message: "" });
      emit();
      schedule(0);
    },
    /** Updates the saved revision after a change made elsewhere on the page (e.g. a submit). */
    setRev(rev: number) {
      state.rev = rev;
    },
    getState: (): AutosaveState => ({ ...state }),
    dispose() {
      disposed = true;
      if (timer !== null) timers.clearTimeout(timer);
    },
  };

  // A draft left by a crash, reload or lost connection wins over the server's text: it is newer.
  const draft = readDraft(storage, draftKey);
  if (draft && draft.text !== options.text) {
    Object.assign(state, { text: draft.text, rev: draft.rev, status: "pending", restored: true, message: "已恢复上次未保存的内容" });
    schedule(0);
  } else if (draft && !draft.create) {
    removeDraft(storage, draftKey); // already saved; a note not yet created keeps its draft until it is
  }
  return controller;
}

export type Autosave = ReturnType<typeof createAutosave>;

/** The status line for a state, in the words the issue asks for. */
export function describeAutosave(state: Pick<AutosaveState, "status" | "message">): string {
  switch (state.status) {
    case "pending":
      return state.message || "未保存";
    case "saving":
      return "保存中…";
    case "saved":
      return "已保存";
    case "retrying":
      return "保存失败，正在重试";
    case "conflict":
      return "保存冲突：请选择保留哪一版";
    case "refused":
      return `未能保存：${state.message}`;
    case "invalid":
      return state.message;
    default:
      return state.message;
  }
}
