/** A confirmation after a redirect (e.g. "单位已保存"), announced politely. */
export function StatusMessage({ message }: { message?: string }) {
  return (
    <div aria-live="polite">
      {message ? (
        <p role="status" className="mb-4 rounded bg-green-50 p-3 text-green-900">
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** A notice that part of the address (a filter, a page number) was not understood and is ignored. */
export function QueryNotice({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
      {message}
    </p>
  ) : null;
}
