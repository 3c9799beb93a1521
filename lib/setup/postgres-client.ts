import pg from "pg";

/**
 * One short-lived connection for setup work (migrations checks, test and bench databases), closed
 * however `run` ends. CREATE/DROP DATABASE cannot run in a pool's transaction or inside the target
 * database, hence a plain client.
 */
export async function withPostgresClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The URL of another database on the same server as `url`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
