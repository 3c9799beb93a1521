/**
 * 200 readers × 5 sections = 1,000 beats fired at once against next start (SQLite in `e2e`,
 * PostgreSQL in `e2e-pg`), then a second wave of 1,000 beats where each reader sends five different
 * paragraphs of one section at once.
 * Nothing may fail and nothing may be lost: every row holds the union of what was sent to it.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadMaterialSource } from "./content";
import { getE2eDb, sessionCookieFor } from "./session";

const READERS = 200;
const SECTIONS = ["intro", "part-1", "part-2", "part-3", "part-4"];
const MATERIAL = "deep-poverty-speech";

type Reader = { id: number; cookie: string };
let readers: Reader[] = [];
let sections: Map<string, { version: string; ids: string[] }>;

beforeAll(async () => {
  const db = await getE2eDb();
  const unit = await db.unit.findFirstOrThrow({ where: { code: "SFX-BGS" }, select: { id: true } });
  const accounts = Array.from({ length: READERS }, (_, i) => `load-${String(i).padStart(3, "0")}`);
  // Password hashes are irrelevant here: these readers get sessions directly.
  await db.user.createMany({ data: accounts.map((account) => ({ account, name: account, unitId: unit.id, passwordHash: "-", mustChangePassword: false })) });
  readers = await Promise.all(
    accounts.map(async (account) => {
      const cookie = await sessionCookieFor(account);
      const { id } = await db.user.findUniqueOrThrow({ where: { account }, select: { id: true } });
      return { id, cookie: `${cookie.name}=${cookie.value}` };
    }),
  );
  const { getSection } = await import("@/lib/content");
  sections = new Map(SECTIONS.map((slug) => {
    const view = getSection(MATERIAL, slug);
    if (!view) throw new Error(`missing section ${slug}`);
    return [slug, { version: view.section.version, ids: view.section.paragraphs.map((p) => p.id) }];
  }));
  expect(loadMaterialSource().sections.length).toBeGreaterThan(5);
}, 120_000);

async function send(reader: Reader, section: string, paragraphs: string[], viewId: string): Promise<number> {
  const base = inject("baseURL");
  const response = await fetch(`${base}/api/progress`, {
    method: "POST",
    headers: { cookie: reader.cookie, origin: base, "content-type": "application/json" },
    body: JSON.stringify({ material: MATERIAL, section, version: sections.get(section)?.version, viewId, paragraphs, activeSeconds: 20 }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("1,000 concurrent beats on one server", () => {
  it("records every beat of 200 readers × 5 sections, with no error", async () => {
    const statuses = await Promise.all(
      readers.flatMap((reader) => SECTIONS.map((section) => send(reader, section, (sections.get(section)?.ids ?? []).slice(0, 1), `view-${reader.id}-${section}`))),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const db = await getE2eDb();
    const rows = await db.sectionProgress.findMany({ where: { userId: { in: readers.map((r) => r.id) } } });
    expect(rows).toHaveLength(READERS * SECTIONS.length);
    for (const row of rows) expect(JSON.parse(row.readParagraphs)).toEqual((sections.get(row.sectionSlug)?.ids ?? []).slice(0, 1));
  }, 120_000);

  it("keeps the union when one reader's beats for one section race each other", async () => {
    const target = "part-2";
    const ids = sections.get(target)?.ids ?? [];
    expect(ids.length).toBeGreaterThanOrEqual(3);
    // Five beats per reader at once, each naming a different paragraph (cycling through the section).
    const statuses = await Promise.all(
      readers.flatMap((reader) => Array.from({ length: 5 }, (_, i) => send(reader, target, [ids[i % ids.length] ?? ""], `race-${reader.id}-${i}`))),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const db = await getE2eDb();
    const rows = await db.sectionProgress.findMany({ where: { sectionSlug: target, userId: { in: readers.map((r) => r.id) } } });
    expect(rows).toHaveLength(READERS);
    for (const row of rows) expect((JSON.parse(row.readParagraphs) as string[]).sort()).toEqual([...ids].sort());
  }, 120_000);
});
