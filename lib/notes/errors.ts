/** A request about notes the server refuses; `status` is the HTTP status, `message` is for the reader. */
export class NoteError extends Error {
  constructor(
    readonly status: 404 | 409 | 410 | 422,
    readonly code: string,
    message: string,
    /** For a conflict: what is stored now, so the reader can compare both texts. */
    readonly current?: { body: string; rev: number },
  ) {
    super(message);
    this.name = "NoteError";
  }
}

/** The one answer for a note that does not exist or belongs to someone else (no difference shows). */
export function noteNotFound(): NoteError {
  return new NoteError(404, "not_found", "找不到这条笔记");
}
