import "server-only";
import type { Actor } from "../auth/permissions";
import { parseAccountFile } from "./parse";
import type { ImportEvent } from "./protocol";
import { ImportAbortedError, importAccounts } from "./run";
import { validateAccountRows } from "./validate";

export type ImportRequest = {
  actor: Actor & { account: string };
  bytes: Uint8Array;
  fileName: string;
  ip?: string;
  /** The request's own signal: the browser closing the connection aborts the import before it writes. */
  signal?: AbortSignal;
};

/**
 * Runs an import and reports it as NDJSON, one event per line: progress while it validates, hashes
 * and writes, then exactly one result. Everything happens within this one response, so any app
 * instance can serve it and nothing is left behind when the connection drops.
 */
export function createImportStream(request: ImportRequest): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  if (request.signal?.aborted) abort.abort();
  else request.signal?.addEventListener("abort", () => abort.abort(), { once: true });
  let written = false;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: ImportEvent) => {
        if (abort.signal.aborted) return;
        if (event.type === "progress" && event.phase === "write" && event.done === event.total && event.total > 0) written = true;
        controller.enqueue(encoder.encode(JSON.stringify(event) + "\n"));
      };
      try {
        await runImport(request, send, abort.signal);
      } catch (error) {
        if (error instanceof ImportAbortedError) {
          console.info(`[import] ${request.actor.account} left before the write; nothing was imported`);
        } else {
          console.error("[import] unexpected failure:", error);
          const message = written ? "账号已导入，但生成结果时出错。请在账号列表中核对，并为这些账号重置密码" : "导入时发生意外错误，没有导入任何账号。请稍后重试";
          send({ type: "result", ok: false, errors: [{ rowNumber: 0, message }] });
        }
      }
      if (written && abort.signal.aborted) {
        console.warn(`[import] ${request.actor.account} left after the write: the one-time passwords were not delivered and must be reset`);
      }
      try {
        controller.close();
      } catch {
        // Already cancelled by the client: there is nobody left to tell.
      }
    },
    cancel() {
      abort.abort();
    },
  });
}

async function runImport(request: ImportRequest, send: (event: ImportEvent) => void, signal: AbortSignal): Promise<void> {
  const parsed = await parseAccountFile(request.bytes, request.fileName);
  if (!parsed.ok) return send({ type: "result", ok: false, errors: [{ rowNumber: 0, message: parsed.message }] });
  const total = parsed.rows.length;
  send({ type: "progress", phase: "validate", done: 0, total });
  const validation = await validateAccountRows(request.actor, parsed.rows);
  send({ type: "progress", phase: "validate", done: total, total });
  if (!validation.ok) return send({ type: "result", ok: false, errors: validation.errors });
  if (signal.aborted) throw new ImportAbortedError();
  const outcome = await importAccounts(request.actor, validation.records, {
    fileName: request.fileName,
    ip: request.ip,
    signal,
    onProgress: (progress) => send({ type: "progress", ...progress }),
  });
  send(outcome.ok ? { type: "result", ...outcome } : { type: "result", ok: false, errors: outcome.errors });
}
