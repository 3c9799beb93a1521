import { importEventSchema, type ImportEvent } from "./protocol";

/**
 * Reads an NDJSON import response line by line as the server sends it. Lines that are not valid
 * events are reported through onInvalid rather than trusted (used in the browser).
 */
export async function* readImportEvents(body: ReadableStream<Uint8Array>, onInvalid: (line: string) => void): AsyncGenerator<ImportEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const parseLine = (line: string): ImportEvent | null => {
    if (line.trim() === "") return null;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      onInvalid(line);
      return null;
    }
    const parsed = importEventSchema.safeParse(json);
    if (!parsed.success) onInvalid(line);
    return parsed.success ? parsed.data : null;
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const event = parseLine(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      if (event) yield event;
    }
  }
  const last = parseLine(buffer + decoder.decode());
  if (last) yield last;
}
