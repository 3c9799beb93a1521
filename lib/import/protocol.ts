import { z } from "zod";

// Shared by the server (route, import pipeline) and the browser (import form): no server imports here.

/** Largest upload accepted, in bytes. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_FILE_LABEL = "5 MB";
/** Most data rows (header and empty rows not counted) accepted in one file. */
export const MAX_ROWS = 20_000;
export const ACCEPTED_EXTENSIONS = [".csv", ".xlsx"] as const;

/** The multipart upload of POST /api/admin/import. */
export const importUploadSchema = z.object({
  file: z
    .file({ message: "请选择要导入的文件" })
    .min(1, "文件是空的")
    .max(MAX_FILE_BYTES, `文件不能超过 ${MAX_FILE_LABEL}`)
    .refine((file) => ACCEPTED_EXTENSIONS.some((ext) => file.name.toLowerCase().endsWith(ext)), "只支持 .csv 或 .xlsx 文件"),
});

export const importPhaseSchema = z.enum(["validate", "hash", "write"]);
export type ImportPhase = z.output<typeof importPhaseSchema>;

export const rowErrorSchema = z.object({ rowNumber: z.number().int().min(0), message: z.string() });
/** One problem in the file. rowNumber is the spreadsheet row (header = 1); 0 for the file as a whole. */
export type RowError = z.output<typeof rowErrorSchema>;

export const createdAccountSchema = z.object({
  name: z.string(),
  account: z.string(),
  unit: z.string(),
  role: z.string(),
  oneTimePassword: z.string(),
});
export type CreatedAccount = z.output<typeof createdAccountSchema>;

/** One NDJSON line of the import response. */
export const importEventSchema = z.union([
  z.object({ type: z.literal("progress"), phase: importPhaseSchema, done: z.number().int().min(0), total: z.number().int().min(0) }),
  z.object({ type: z.literal("result"), ok: z.literal(false), errors: z.array(rowErrorSchema) }),
  z.object({ type: z.literal("result"), ok: z.literal(true), created: z.number().int().min(0), accounts: z.array(createdAccountSchema) }),
]);
export type ImportEvent = z.output<typeof importEventSchema>;
export type ImportProgress = Extract<ImportEvent, { type: "progress" }>;
export type ImportResult = Extract<ImportEvent, { type: "result" }>;

/** Prefixes a row's messages the same way everywhere: "第 5 行：…" (file-level problems have no prefix). */
export function formatRowError(error: RowError): string {
  return error.rowNumber > 0 ? `第 ${error.rowNumber} 行：${error.message}` : error.message;
}
