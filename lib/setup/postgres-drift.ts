import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { POSTGRES_MIGRATIONS_DIR, migratePostgres } from "./migrate-postgres";
import { withDatabase, withPostgresClient } from "./postgres-client";
import { POSTGRES_SCHEMA_PATH } from "./postgres-schema";

/**
 * Whether the committed PostgreSQL migrations build the schema that prisma/postgres/schema.prisma
 * describes. `prisma db pull` and `migrate diff --from-migrations` do not work on PostgreSQL with
 * Prisma 6.19's WebAssembly engine, so two scratch databases are compared instead: one built by the
 * applier from the migrations, one from `prisma migrate diff --from-empty` of the schema. What is
 * compared is what Prisma owns: enums, columns (type, nullability, default), indexes and constraints.
 * Triggers and functions are hand-written and live only in the migrations; the trigger tests check them.
 */

export const POSTGRES_ADMIN_URL_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres";

export type DriftOptions = { adminUrl: string; migrationsDir?: string; schemaPath?: string; root?: string };

const SNAPSHOT_QUERIES = [
  `SELECT 'enum ' || t.typname || ' (' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) || ')' AS line
   FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = 'public' GROUP BY t.typname`,
  `SELECT 'column ' || quote_ident(c.relname) || '.' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
          || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
          || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_portal_migrations'`,
  `SELECT 'index ' || indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_portal_migrations'`,
  `SELECT 'constraint ' || quote_ident(c.relname) || '.' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid) AS line
   FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relname <> '_portal_migrations'`,
];

const withClient = withPostgresClient;
const databaseUrl = withDatabase;

/** The schema of a database as sorted lines, one per enum, column, index and constraint. */
export async function snapshotSchema(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const lines: string[] = [];
    for (const query of SNAPSHOT_QUERIES) lines.push(...(await client.query<{ line: string }>(query)).rows.map((r) => r.line));
    return lines.sort();
  });
}

/** Lines only in the migrated database ("- ") and only in the schema's database ("+ "). */
export function diffSnapshots(fromMigrations: string[], fromSchema: string[]): string[] {
  const schema = new Set(fromSchema);
  const migrations = new Set(fromMigrations);
  return [
    ...fromMigrations.filter((line) => !schema.has(line)).map((line) => `- ${line}`),
    ...fromSchema.filter((line) => !migrations.has(line)).map((line) => `+ ${line}`),
  ];
}

/** The differences between the committed migrations and the schema; empty when they agree. */
export async function checkPostgresDrift(options: DriftOptions): Promise<string[]> {
  const root = options.root ?? process.cwd();
  const schemaPath = options.schemaPath ?? POSTGRES_SCHEMA_PATH;
  const ddl = execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaPath, "--script"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const suffix = randomBytes(4).toString("hex");
  const names = { migrations: `portal_drift_${suffix}_migrations`, schema: `portal_drift_${suffix}_schema` };
  await withClient(options.adminUrl, async (admin) => {
    for (const name of Object.values(names)) await admin.query(`CREATE DATABASE "${name}"`);
  });
  try {
    const migrationsUrl = databaseUrl(options.adminUrl, names.migrations);
    const schemaUrl = databaseUrl(options.adminUrl, names.schema);
    await migratePostgres({ connectionString: migrationsUrl, dir: path.resolve(root, options.migrationsDir ?? POSTGRES_MIGRATIONS_DIR) });
    await withClient(schemaUrl, (client) => client.query(`BEGIN;\n${ddl}\nCOMMIT;`));
    return diffSnapshots(await snapshotSchema(migrationsUrl), await snapshotSchema(schemaUrl));
  } finally {
    await withClient(options.adminUrl, async (admin) => {
      for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  }
}
