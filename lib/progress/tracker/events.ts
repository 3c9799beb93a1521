import type { SectionStatus } from "../status";

/**
 * The tracker's public contract with other client components (the progress bar, the table of
 * contents): it dispatches PROGRESS_EVENT on window whenever what it measured changes (at most once a
 * second), answers PROGRESS_REQUEST_EVENT with an immediate PROGRESS_EVENT, for a listener that
 * mounts after it, sends what it has at once on PROGRESS_FLUSH_EVENT (the page thinks the section is
 * now complete and wants the server's word), and dispatches PROGRESS_STORED_EVENT with the server's
 * status of each section a delivery recorded.
 */
export const PROGRESS_EVENT = "xxyd:progress";
export const PROGRESS_REQUEST_EVENT = "xxyd:progress-request";
export const PROGRESS_FLUSH_EVENT = "xxyd:progress-flush";
export const PROGRESS_STORED_EVENT = "xxyd:progress-stored";

/** A section's status as the server answers a delivery (POST /api/progress: `sections`). */
export type StoredSectionStatus = SectionStatus & { material: string };

/** What this page view has measured so far (not the reader's stored progress, which the server unions). */
export type ProgressEventDetail = {
  material: string;
  section: string;
  /** Paragraphs read in this page view, in the order they were read. */
  readIds: string[];
  /** Whole seconds of active reading in this page view. */
  activeSeconds: number;
  /** Whether reading time is accruing now (false before the first interaction and when idle or hidden). */
  active: boolean;
};

declare global {
  // Interface merging is the only way to type window.addEventListener for a custom event.
  interface WindowEventMap {
    [PROGRESS_EVENT]: CustomEvent<ProgressEventDetail>;
    [PROGRESS_REQUEST_EVENT]: Event;
    [PROGRESS_FLUSH_EVENT]: Event;
    [PROGRESS_STORED_EVENT]: CustomEvent<StoredSectionStatus[]>;
  }
}
