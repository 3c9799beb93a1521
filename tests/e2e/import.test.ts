import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DESKTOP, useBrowser, withPage } from "./browser";
import { DEMO, getE2eDb } from "./session";

const browser = useBrowser();

function csvFile(rows: string[][]) {
  const text = "\uFEFF" + rows.map((row) => row.join(",")).join("\r\n") + "\r\n";
  return { name: "accounts.csv", mimeType: "text/csv", buffer: Buffer.from(text, "utf8") };
}

describe("importing accounts through the browser", () => {
  it("shows row-numbered errors and writes nothing, then imports a corrected file", async () => {
    const db = await getE2eDb();
    const before = await db.user.count();
    await withPage(browser(), { ...DESKTOP, account: DEMO.subtreeAdmin, acceptDownloads: true }, async (page) => {
      await page.goto("/admin/import");
      const header = ["姓名", "账号", "单位编码", "角色"];
      await page.setInputFiles("#import-file", csvFile([header, ["导入甲", "import-a", "SFX-ZZB-1", "学员"], ["导入乙", "import-a", "SFX-ZZB-2", "学员"], ["导入丙", "import-c", "SFX-XCB-1", "学员"]]));
      await page.getByRole("button", { name: "检查并导入" }).click();
      const main = page.locator("main");
      await page.waitForFunction(() => /第 3 行/.test(document.querySelector("main")?.textContent ?? ""));
      const text = await main.innerText();
      expect(text).toMatch(/第 3 行[^\n]*import-a[^\n]*第 2 行/);
      expect(text).toMatch(/第 4 行[^\n]*SFX-XCB-1/);
      expect(await db.user.count()).toBe(before);

      await page.setInputFiles("#import-file", csvFile([header, ["导入甲", "import-a", "SFX-ZZB-1", "学员"], ["导入乙", "import-b", "SFX-ZZB-2", ""]]));
      await page.getByRole("button", { name: "检查并导入" }).click();
      await page.getByRole("heading", { name: "已导入 2 个账号" }).waitFor();
      const downloadPromise = page.waitForEvent("download");
      await page.getByRole("button", { name: "下载账号和初始密码（CSV）" }).click();
      const download = await downloadPromise;
      const saved = fs.readFileSync((await download.path()) ?? "", "utf8");
      expect(saved).toContain("import-a");
      expect(saved).toContain("import-b");
    });
    const created = await db.user.findMany({ where: { account: { in: ["import-a", "import-b"] } }, select: { role: true, mustChangePassword: true } });
    expect(created).toEqual([
      { role: "READER", mustChangePassword: true },
      { role: "READER", mustChangePassword: true },
    ]);
    expect(await db.user.count()).toBe(before + 2);
  });
});
