import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA_PATH, SQLITE_SCHEMA_PATH, derivePostgresSchema } from "@/lib/setup/postgres-schema";

const root = path.resolve(__dirname, "../../..");
const source = fs.readFileSync(path.join(root, SQLITE_SCHEMA_PATH), "utf8");

/** Every `model`/`enum` block of a schema, by name, with its doc comments. */
function blocks(schema: string): Map<string, string> {
  const found = schema.matchAll(/((?:\/\/\/[^\n]*\n)*)(model|enum) (\w+) \{[^}]*\}/g);
  return new Map([...found].map((m) => [`${m[2]} ${m[3]}`, m[0]]));
}

describe("derivePostgresSchema", () => {
  const derived = derivePostgresSchema(source);

  it("switches the provider and the client output, and nothing else", () => {
    expect(derived).toMatch(/provider = "postgresql"/);
    expect(derived).not.toMatch(/sqlite/);
    expect(derived).toMatch(/output\s+= "\.\.\/\.\.\/lib\/generated\/prisma-pg"/);
    expect(blocks(derived)).toEqual(blocks(source));
    expect(blocks(source).size).toBeGreaterThan(10);
  });

  it("refuses a native-type attribute it has no rule for", () => {
    const withNative = source.replace("name           String", "name           String @db.Text");
    expect(() => derivePostgresSchema(withNative)).toThrow(/@db\.Text/);
  });

  it("refuses a schema that is not SQLite", () => {
    expect(() => derivePostgresSchema(derived)).toThrow(/not sqlite/);
  });

  it("is what is committed in prisma/postgres/schema.prisma", () => {
    expect(fs.readFileSync(path.join(root, POSTGRES_SCHEMA_PATH), "utf8")).toBe(derived);
  });
});
