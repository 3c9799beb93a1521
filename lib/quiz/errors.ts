/** A test request the server refuses; `status` is the HTTP status, `message` is shown to the reader. */
export class QuizError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 410 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "QuizError";
  }
}
