import type { ExportFile } from "./export";

// The answers of the administrators' export routes (completion, 年度学时统计).

const NO_STORE = { "Cache-Control": "no-store" };

/** A refusal as plain Chinese text, which the browser shows in place of the download. */
export function exportRefusal(status: number, message: string): Response {
  return new Response(message, { status, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" } });
}

/** The file as a download, named in Chinese for browsers that read filename*, in ASCII for the rest. */
export function exportDownload(file: ExportFile): Response {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_");
  return new Response(file.body, {
    headers: {
      ...NO_STORE,
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
