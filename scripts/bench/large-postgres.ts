// The dashboard scenario's large database on PostgreSQL: portal_bench_large (100,000 readers; another
// count gets portal_bench_large_<count>, so a quick run does not throw the big one away), seeded by
// seed:large on first use and reused while the marker row in "_bench_seed" matches (reader count, seed
// and the checksums of the PostgreSQL migrations), like data/bench-large.db and its sidecar on SQLite.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { listMigrations, migratePostgres, POSTGRES_MIGRATIONS_DIR } from "../../lib/setup/migrate-postgres";
import { ADMIN_ACCOUNT, COUNTY_CODE_PATTERN, hashOf, SEED, type Admin, type DashboardUnit, type LargeDatabase, type Marker, type PickedUnits } from "./dashboard";
import { POSTGRES_ADMIN_URL, recreateDatabase, withAdminClient, withClient, withDatabase } from "./postgres";

const LARGE_DATABASE = "portal_bench_large";
const DEFAULT_USERS = 100_000;

/** The database holding `users` readers. */
export function largeDatabaseName(users: number): string {
  return users === DEFAULT_USERS ? LARGE_DATABASE : `${LARGE_DATABASE}_${users}`;
}
const MARKER_DDL = `CREATE TABLE IF NOT EXISTS "_bench_seed" ("users" integer NOT NULL, "seed" bigint NOT NULL, "migrations" text NOT NULL,
  "seededAt" timestamptz NOT NULL, "seedSeconds" real NOT NULL)`;
const count = (n: number) => n.toLocaleString("en-US");

function expectedMarker(users: number): Marker {
  // By content (checksums), as the applier itself refuses an edited migration.
  return { users, seed: SEED, migrations: hashOf(listMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => `${m.name}:${m.checksum}`)) };
}

async function readMarker(name: string, url: string): Promise<Marker | undefined> {
  const exists = await withAdminClient((client) => client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]));
  if (exists.rowCount === 0) return undefined;
  return withClient(url, async (client) => {
    const table = await client.query(`SELECT to_regclass('"_bench_seed"') AS t`);
    if (!table.rows[0]?.t) return undefined;
    const rows = await client.query<{ users: number; seed: string; migrations: string; seededAt: Date; seedSeconds: number }>(`SELECT * FROM "_bench_seed" LIMIT 1`);
    const row = rows.rows[0];
    return row && { users: row.users, seed: Number(row.seed), migrations: row.migrations, seededAt: row.seededAt.toISOString(), seedSeconds: row.seedSeconds };
  });
}

function staleReason(name: string, found: Marker | undefined, wanted: Marker): string | undefined {
  if (!found) return `${name} does not exist or has no seed marker (an interrupted seeding?)`;
  if (found.users !== wanted.users) return `it holds ${count(found.users)} readers, ${count(wanted.users)} wanted`;
  if (found.seed !== wanted.seed) return `it was seeded with seed ${found.seed}`;
  if (found.migrations !== wanted.migrations) return "the PostgreSQL migrations changed since";
  return undefined;
}

/** The large database with `users` readers: reused when its marker matches, else made anew. */
export async function preparePostgresLargeDatabase(users: number): Promise<LargeDatabase> {
  const name = largeDatabaseName(users);
  const url = withDatabase(POSTGRES_ADMIN_URL, name);
  const display = url;
  const wanted = expectedMarker(users);
  const found = await readMarker(name, url);
  const why = staleReason(name, found, wanted);
  if (why === undefined && found) {
    const seededAt = found.seededAt ?? "unknown";
    console.log(`[bench] dashboard: reusing ${display} (${count(users)} readers, seeded ${seededAt}; DROP DATABASE ${name} to re-seed)`);
    return { kind: "postgres", databaseUrl: url, file: display, users, reused: true, seededAt, seedSeconds: found.seedSeconds };
  }
  console.log(`[bench] dashboard: making ${display} with ${count(users)} readers, because ${why}`);
  const migrateStarted = performance.now();
  await recreateDatabase(name);
  await migratePostgres({ connectionString: url });
  const migrateSeconds = (performance.now() - migrateStarted) / 1000;
  const { seedLarge } = await import("../seed-large/seed");
  const { DEFAULT_PASSWORD } = await import("../seed-large/flags");
  const summary = await seedLarge({ databaseUrl: url, users, seed: SEED, password: DEFAULT_PASSWORD, log: (line) => console.log(`[bench]   seed:large ${line}`) });
  const seededAt = new Date().toISOString();
  // Written last: a database without the marker is never reused.
  await withClient(url, async (client) => {
    await client.query(MARKER_DDL);
    await client.query(`INSERT INTO "_bench_seed" VALUES ($1, $2, $3, $4, $5)`, [users, SEED, wanted.migrations, seededAt, Math.round(summary.seconds * 10) / 10]);
  });
  console.log(
    `[bench] dashboard: seeded ${display} in ${summary.seconds.toFixed(1)} s (create + migrate ${migrateSeconds.toFixed(1)} s): ${count(summary.units)} units, ` +
      `${count(summary.readers)} readers, ${count(summary.progressRows)} progress rows`,
  );
  return { kind: "postgres", databaseUrl: url, file: display, users, reused: false, seededAt, seedSeconds: summary.seconds, migrateSeconds };
}

/** Active readers (role READER, not disabled) in a unit's subtree: what the dashboard's 应学人数 counts. */
async function countHeadcount(client: pg.Client, unitPath: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT COUNT(*)::int AS n FROM "User" u JOIN "Unit" x ON x."id" = u."unitId"
     WHERE u."role" = 'READER' AND NOT u."disabled" AND starts_with(x."path", $1)`,
    [unitPath],
  );
  return rows[0]?.n ?? 0;
}

async function pickUnits(client: pg.Client): Promise<PickedUnits> {
  type Row = Omit<DashboardUnit, "headcount">;
  const roots = (await client.query<Row>(`SELECT "id", "name", "code", "path", "depth" FROM "Unit" WHERE "depth" = 0 ORDER BY "id"`)).rows;
  if (roots.length !== 1) throw new Error(`the large database has ${roots.length} root units, expected 1`);
  const rows = (await client.query<Row>(`SELECT "id", "name", "code", "path", "depth" FROM "Unit" WHERE "depth" = 2 AND "code" ~ $1 ORDER BY "id"`, [COUNTY_CODE_PATTERN])).rows;
  const counties: DashboardUnit[] = [];
  for (const unit of rows) counties.push({ ...unit, headcount: await countHeadcount(client, unit.path) });
  counties.sort((a, b) => a.headcount - b.headcount || a.id - b.id);
  const mid = counties[Math.floor((counties.length - 1) / 2)];
  if (!mid) throw new Error(`the large database has no county (depth 2, code ~ ${COUNTY_CODE_PATTERN}); did seed:large change its tree?`);
  const root = { ...roots[0]!, headcount: await countHeadcount(client, roots[0]!.path) };
  return { root, mid, counties: counties.map((c) => c.headcount) };
}

async function createAdminSession(client: pg.Client): Promise<Admin> {
  const { hashSessionToken, getSessionLimits, SESSION_COOKIE } = await import("../../lib/auth/session");
  const found = await client.query<{ id: number; name: string; role: string; disabled: boolean }>(
    `SELECT "id", "name", "role"::text AS "role", "disabled" FROM "User" WHERE "account" = $1`,
    [ADMIN_ACCOUNT],
  );
  const admin = found.rows[0];
  if (!admin || admin.role !== "SYSTEM_ADMIN" || admin.disabled) {
    throw new Error(`the large database has no active system administrator ${ADMIN_ACCOUNT}: ${JSON.stringify(admin)}`);
  }
  const token = randomBytes(24).toString("base64url");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + getSessionLimits().absoluteMs);
  await client.query(
    `INSERT INTO "Session" ("id", "userId", "createdAt", "lastSeenAt", "expiresAt", "userAgent") VALUES ($1, $2, $3::timestamp(3), $3::timestamp(3), $4::timestamp(3), 'bench-dashboard')`,
    [hashSessionToken(token), admin.id, now.toISOString(), expiresAt.toISOString()],
  );
  return { id: admin.id, name: admin.name, cookie: `${SESSION_COOKIE}=${token}` };
}

/** The units to measure and a session of large-admin, from the PostgreSQL database. */
export async function preparePostgresDashboard(database: LargeDatabase): Promise<{ picked: PickedUnits; admin: Admin }> {
  return withClient(database.databaseUrl, async (client) => ({ picked: await pickUnits(client), admin: await createAdminSession(client) }));
}
