// Runs one SQL statement against a PostgreSQL URL: `node run-sql.mjs <url> <sql>`. For
// helpers/database.ts, which must stay synchronous (execFileSync) and used to call `psql`, a client
// tool that a machine with only Node.js and npm (and the embedded test server) does not have.
import pg from "pg";

const [url, sql] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url });
try {
  await client.connect();
  await client.query(sql);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await client.end().catch(() => {});
}
