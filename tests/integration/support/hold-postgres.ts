// Stands in for vitest's main process in postgres-server.test.ts: acquires the run's PostgreSQL
// server, prints it, and waits to be killed.
import { acquirePostgresServer } from "../../support/postgres-server";

void acquirePostgresServer().then(({ server }) => {
  console.log(JSON.stringify(server));
  setInterval(() => {}, 60_000);
});
