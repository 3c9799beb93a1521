import { beforeEach } from "vitest";
import type { ImportedParagraph } from "@/lib/materials/import";
import { useAccountFixture } from "../admin/fixtures";

/**
 * The small account fixture (../admin/fixtures.ts) for tests that publish materials: published
 * materials are deleted before the fixture's own reset, as they hold their audience unit (RESTRICT).
 * Call at the top of a file, after mocking next/headers.
 */
export function usePublishingFixture(): void {
  beforeEach(async () => {
    const { getDb } = await import("@/lib/db");
    const db = await getDb().catch(() => null);
    await db?.publishedMaterial.deleteMany();
  });
  useAccountFixture();
}

/** A plain paragraph of an imported section. */
export const paragraph = (text: string): ImportedParagraph => ({ kind: "paragraph", text, flags: [] });
