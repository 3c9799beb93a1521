// Next's own copy of `fresh` (jshttp), which it uses to answer a page's conditional GET with 304
// (next/dist/server/send-payload.js); it ships no types.
declare module "next/dist/compiled/fresh" {
  /** Whether a response with these headers is still fresh for a request with those (If-None-Match, Cache-Control: no-cache, …). */
  export default function fresh(requestHeaders: Record<string, string | string[] | undefined>, responseHeaders: Record<string, string | undefined>): boolean;
}
