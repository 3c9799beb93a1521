import { z } from "zod";

/** Login accounts compare equal regardless of width, case and surrounding spaces. */
export function normalizeAccount(account: string): string {
  return account.normalize("NFKC").trim().toLowerCase();
}

/** An account name as an administrator enters it: staff number, phone number or similar. */
export const accountSchema = z
  .string()
  .transform(normalizeAccount)
  .pipe(
    z
      .string()
      .min(2, "账号至少 2 个字符")
      .max(64, "账号不能超过 64 个字符")
      .regex(/^[a-z0-9._@-]+$/, "账号只能包含字母、数字和 . _ @ -"),
  );
