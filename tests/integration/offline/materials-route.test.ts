// GET /api/offline/materials: what a browser needs to keep materials offline (pages and revision), for
// what its reader may read only, and a revision that moves whenever a kept page would change.
// Account fixture:  省局 ROOT ─ 甲处 A (adminA, readerA) ─ 甲处一科 A1 (readerA1);  乙处 B (adminB, readerB)
import { describe, expect, it, vi } from "vitest";
import type { ImportedSection } from "@/lib/materials/import";
import { UNITS, actorOf, signInAs } from "../admin/fixtures";
import { paragraph as p, usePublishingFixture } from "../materials/fixture";

vi.mock("next/headers", () => import("../helpers/next-request"));

usePublishingFixture();

const SECTIONS: ImportedSection[] = [
  { slug: "intro", title: "导言", paragraphs: [p("学习贯彻全会精神，推动基层治理现代化。")] },
  { slug: "part-1", title: "第一部分", paragraphs: [p("一是健全矛盾纠纷多元化解机制。")] },
];

type Answer = { ok: boolean; materials: Array<{ slug: string; title: string; revision: string; paths: string[] }>; gone: string[]; message?: string };

async function ask(query: string): Promise<{ status: number; body: Answer }> {
  const { GET } = await import("@/app/api/offline/materials/route");
  const response = await GET(new Request(`http://portal.test/api/offline/materials?${query}`, { headers: { host: "portal.test" } }));
  return { status: response.status, body: (await response.json()) as Answer };
}

async function store() {
  return import("@/lib/materials/store");
}

describe("GET /api/offline/materials", () => {
  it("answers the pages and revision of each readable material, and names the others gone", async () => {
    const { publishMaterial, archiveMaterial } = await store();
    await publishMaterial(actorOf("sysA"), { slug: "for-a1", title: "基层治理学习", audienceUnitId: UNITS.a1.id, sections: SECTIONS });
    await publishMaterial(actorOf("sysA"), { slug: "archived-one", title: "已归档的材料", audienceUnitId: null, sections: SECTIONS });
    await archiveMaterial(actorOf("sysA"), "archived-one");

    await signInAs("readerA1");
    const mine = await ask("slug=for-a1&slug=deep-poverty-speech&slug=archived-one&slug=no-such-material&slug=for-a1");
    expect(mine.status).toBe(200);
    expect(mine.body.materials.map((m) => m.slug)).toEqual(["for-a1", "deep-poverty-speech"]);
    expect(mine.body.materials[0]).toMatchObject({ title: "基层治理学习", paths: ["/materials/for-a1", "/materials/for-a1/intro", "/materials/for-a1/part-1"] });
    expect(mine.body.materials[0]!.revision).toMatch(/^[\w-]{22}$/u);
    expect(mine.body.materials[1]!.paths).toHaveLength(12); // the material page, 导言, nine parts and the summary
    expect(mine.body.gone).toEqual(["archived-one", "no-such-material"]);

    // Another unit's reader is told the material is gone, exactly like an unknown one.
    await signInAs("readerB");
    expect((await ask("slug=for-a1")).body).toMatchObject({ materials: [], gone: ["for-a1"] });
  });

  it("moves the revision when a section's text or the section list changes, and only then", async () => {
    const { publishMaterial, reviseMaterial } = await store();
    await publishMaterial(actorOf("sysA"), { slug: "revised", title: "基层治理学习", audienceUnitId: null, sections: SECTIONS });
    await signInAs("readerB");
    const revisionNow = async () => (await ask("slug=revised")).body.materials[0]!;
    const first = await revisionNow();
    expect((await revisionNow()).revision).toBe(first.revision);

    await reviseMaterial(actorOf("sysA"), "revised", { title: "基层治理学习", sections: [SECTIONS[0]!, { ...SECTIONS[1]!, paragraphs: [p("一是健全矛盾纠纷多元化解机制，做到小事不出村。")] }] });
    const second = await revisionNow();
    expect(second.revision).not.toBe(first.revision);
    expect(second.paths).toEqual(first.paths);

    await reviseMaterial(actorOf("sysA"), "revised", { title: "基层治理学习", sections: [SECTIONS[0]!] });
    const third = await revisionNow();
    expect(third.revision).not.toBe(second.revision);
    expect(third.paths).toEqual(["/materials/revised", "/materials/revised/intro"]);
  });

  it("refuses the signed-out, and a query naming no material or too many, in Chinese", async () => {
    await signInAs(undefined);
    expect(await ask("slug=deep-poverty-speech")).toMatchObject({ status: 401, body: { ok: false, message: "请先登录" } });
    await signInAs("readerA");
    for (const query of ["", "slug=", "slug=..%2Fadmin", Array.from({ length: 51 }, (_, i) => `slug=m-${i}`).join("&")]) {
      const answer = await ask(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.message).toMatch(/^参数无效/u);
    }
  });
});
