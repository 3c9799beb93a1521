import { createHash } from "node:crypto";
import { BOOT_SCRIPT } from "../boot-script";

/** The boot script in the root layout (font size, signed-in mark) is a constant, so it is allowed by its hash everywhere. */
export const BOOT_SCRIPT_HASH = `'sha256-${createHash("sha256").update(BOOT_SCRIPT, "utf8").digest("base64")}'`;

export type ScriptPolicy = { nonce: string } | { hashes: string[] };

/**
 * The Content-Security-Policy for HTML responses. Pages rendered per request allow scripts by a fresh
 * nonce, and 'strict-dynamic' lets the scripts Next loads run without listing them. Prerendered pages
 * are identical for everyone, so they allow exactly their own inline scripts by hash, plus same-origin
 * script files. Either way no injected inline script or event handler runs. Styles may be inline
 * (React style attributes); scripts may not.
 */
export function buildContentSecurityPolicy(policy: ScriptPolicy, options: { dev: boolean }): string {
  const script =
    "nonce" in policy
      ? ["'self'", `'nonce-${policy.nonce}'`, "'strict-dynamic'", BOOT_SCRIPT_HASH]
      : ["'self'", BOOT_SCRIPT_HASH, ...policy.hashes];
  if (options.dev) script.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The service worker (app/sw.ts) and the web app manifest; 'strict-dynamic' would otherwise
    // leave script-src, which worker-src falls back to, without 'self'.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh, unguessable nonce (128 bits, base64). */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** Headers sent with every response, HTML or not. */
export const STATIC_SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];
