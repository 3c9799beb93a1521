// Verification codes and the masked name /verify shows. Pure functions: unit-tested, used by pages.
import { randomBytes } from "node:crypto";

/** Crockford base32: no I, L, O or U, so a code read aloud or typed from paper is not misread. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 20 characters × 5 bits = 100 random bits. */
export const CODE_LENGTH = 20;

/** A new verification code: 100 bits from the operating system's CSPRNG, in Crockford base32. */
export function generateCertificateCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  // Each byte keeps its low 5 bits: 256 is a multiple of 32, so every character is uniform.
  return Array.from(bytes, (byte) => ALPHABET[byte & 31]).join("");
}

/**
 * The code as stored, from what someone typed or a link carried: upper case, without spaces or
 * hyphens, with Crockford's look-alikes read as digits (O→0, I/L→1). Null when it cannot be a code,
 * so a malformed one is refused without a database lookup.
 */
export function normalizeCertificateCode(input: string): string | null {
  if (input.length > 64) return null;
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!ALPHABET.includes(ch)) return null;
  return code;
}

/** The code as printed: four groups of five (ABCDE-FGHJK-MNPQR-STVWX). */
export function formatCertificateCode(code: string): string {
  return code.match(/.{1,5}/g)?.join("-") ?? code;
}

/** A name as /verify shows it: 张明 → 张*, 张小明 → 张*明, 欧阳小明 → 欧*明; one character stays as is. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join("") || "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars.at(-1)}`;
}
