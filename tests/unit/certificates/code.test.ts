import { describe, expect, it } from "vitest";
import { CODE_LENGTH, formatCertificateCode, generateCertificateCode, maskName, normalizeCertificateCode } from "@/lib/certificates/code";

describe("verification codes", () => {
  it("are 20 Crockford base32 characters, different each time", () => {
    const codes = new Set(Array.from({ length: 1000 }, generateCertificateCode));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(CODE_LENGTH * 5).toBeGreaterThanOrEqual(96);
  });

  it("use every character of the alphabet about evenly", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const ch of generateCertificateCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(32);
    for (const n of counts.values()) expect(n).toBeGreaterThan(900); // expected 1250 each
  });

  it("read back as typed from paper: grouped, lower case, look-alike letters", () => {
    const code = "0123456789ABCDEFGHJK";
    expect(formatCertificateCode(code)).toBe("01234-56789-ABCDE-FGHJK");
    expect(normalizeCertificateCode(" o1234-56789-abcde-fghjk ")).toBe(code);
    expect(normalizeCertificateCode("Ol234-56789-ABCDE-FGHJK")).toBe(code);
    expect(normalizeCertificateCode("0123456789ABCDEFGHJU")).toBeNull();
    expect(normalizeCertificateCode("0123456789ABCDEFGHJ")).toBeNull();
    expect(normalizeCertificateCode("x".repeat(100))).toBeNull();
  });
});

describe("maskName", () => {
  it("keeps the first character, and the last from three on", () => {
    expect(maskName("张明")).toBe("张*");
    expect(maskName("张小明")).toBe("张*明");
    expect(maskName("欧阳小明")).toBe("欧*明");
    expect(maskName("张")).toBe("张");
    expect(maskName("𠮷田")).toBe("𠮷*");
  });
});
