/**
 * The tracker's public contract with other client components (the progress bar): it dispatches
 * PROGRESS_EVENT on window whenever what it measured changes (at most once a second), and answers
 * PROGRESS_REQUEST_EVENT with an immediate PROGRESS_EVENT, for a listener that mounts after it.
 */
export const PROGRESS_EVENT = "xxyd:progress";
export const PROGRESS_REQUEST_EVENT = "xxyd:progress-request";

/** What this page view has measured so far (not the reader's stored progress, which the server unions). */
export type ProgressEventDetail = {
  material: string;
  section: string;
  /** Paragraphs read in this page view, in the order they were read. */
  readIds: string[];
  /** Whole seconds of active reading in this page view. */
  activeSeconds: number;
};

declare global {
  // Interface merging is the only way to type window.addEventListener for a custom event.
  interface WindowEventMap {
    [PROGRESS_EVENT]: CustomEvent<ProgressEventDetail>;
    [PROGRESS_REQUEST_EVENT]: Event;
  }
}
