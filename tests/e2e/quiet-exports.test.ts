/**
 * The exports run dependency code that Node.js flags once it is bundled into the server's chunks:
 * exceljs's streaming writer goes through archiver-utils@2, which calls the deprecated `Buffer()`
 * (DEP0005). Node stays silent about such calls inside node_modules, so exceljs is loaded from there
 * (next.config.ts, serverExternalPackages). Every export, then the server's own log: no deprecation.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { RESULTS_DIR } from "./paths";
import { DEMO, getE2eDb, sessionCookieFor } from "./session";

const MATERIAL = "deep-poverty-speech";
// global-setup.ts and global-setup-postgres.ts write the server's output here.
const serverLog = path.join(RESULTS_DIR, /^postgres(ql)?:\/\//.test(inject("databaseUrl")) ? "e2e-pg-server.log" : "e2e-server.log");

async function download(pathname: string, account: string): Promise<Uint8Array> {
  const cookie = await sessionCookieFor(account);
  const response = await fetch(`${inject("baseURL")}${pathname}`, { headers: { Cookie: `${cookie.name}=${cookie.value}` } });
  expect(response.status, pathname).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK"

describe("exports on the production server", () => {
  it("serve XLSX, CSV, DOCX and Markdown without a deprecation warning in the server log", async () => {
    const db = await getE2eDb();
    const unit = await db.unit.findUniqueOrThrow({ where: { code: "SFX-ZZB" }, select: { id: true } });
    const progress = `/api/admin/progress/export?unit=${unit.id}&material=${MATERIAL}`;
    expect(isZip(await download(`${progress}&format=xlsx`, DEMO.subtreeAdmin))).toBe(true);
    expect((await download(`${progress}&format=csv`, DEMO.subtreeAdmin)).length).toBeGreaterThan(0);
    expect(isZip(await download("/api/notes/export?format=docx", DEMO.reader))).toBe(true);
    expect((await download("/api/notes/export?format=markdown", DEMO.reader)).length).toBeGreaterThan(0);

    // Node prints a warning from the request that triggered it; give the log stream a moment to land.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const log = fs.readFileSync(serverLog, "utf8");
    expect(log, `the server log ${serverLog} is the running server's`).toContain("[server] ready on");
    const warnings = log.split("\n").filter((line) => /DeprecationWarning|DEP0\d{3}/.test(line));
    expect(warnings).toEqual([]);
  });
});
