/**
 * Derives the PostgreSQL schema from prisma/schema.prisma, the single source of truth. The models are
 * copied as they are; only the generator output, the datasource and the header differ. Anything the
 * derivation does not know how to carry over (a native-type attribute, a second datasource) stops it
 * with an error rather than being copied blindly.
 */

export const SQLITE_SCHEMA_PATH = "prisma/schema.prisma";
export const POSTGRES_SCHEMA_PATH = "prisma/postgres/schema.prisma";

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:schema:pg\`: do not edit by hand.
// The PostgreSQL twin of the SQLite schema: same models, its own client (lib/generated/prisma-pg).
// CI fails when this file differs from what the script writes (\`npm run db:schema:pg -- --check\`).`;

const GENERATOR = `generator client {
  provider   = "prisma-client"
  output     = "../../lib/generated/prisma-pg"
  engineType = "client"
}`;

const DATASOURCE = `datasource db {
  provider = "postgresql"
  // Connections go through the pg driver adapter with DATABASE_URL. The CLI still needs a url to
  // read the schema offline; "<invalid>" is the value Prisma reads as "no url" (prisma/schema.prisma).
  url      = "<invalid>"
}`;

/** Matches a top-level block such as `generator client { … }` (blocks never nest in Prisma schemas). */
const block = (kind: string) => new RegExp(`^${kind}\\s+\\w+\\s*\\{[^}]*\\}\\n?`, "gm");

/** The PostgreSQL schema text for a SQLite schema text. */
export function derivePostgresSchema(sqliteSchema: string): string {
  const generators = sqliteSchema.match(block("generator")) ?? [];
  const datasources = sqliteSchema.match(block("datasource")) ?? [];
  if (generators.length !== 1 || datasources.length !== 1) {
    throw new Error(`expected one generator and one datasource block, found ${generators.length} and ${datasources.length}`);
  }
  if (!/provider\s*=\s*"sqlite"/.test(datasources[0]!)) throw new Error("the source schema's datasource is not sqlite");
  // Native types are provider-specific (@db.Text is not the same on both): decide each one here.
  const nativeType = /@db\.\w+/.exec(sqliteSchema);
  if (nativeType) throw new Error(`${nativeType[0]} has no rule for PostgreSQL yet: add one to lib/setup/postgres-schema.ts`);

  const body = sqliteSchema
    .replace(block("generator"), "")
    .replace(block("datasource"), "")
    // The source's own header comment (up to the first blank line) describes the SQLite file.
    .replace(/^(\/\/[^\n]*\n)+\n*/, "")
    .replace(/^\n+/, "");
  return `${HEADER}\n\n${GENERATOR}\n\n${DATASOURCE}\n\n${body.trimEnd()}\n`;
}
