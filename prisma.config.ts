import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaConfig } from "prisma";
import { resolveSqlitePath } from "./lib/database-url";

// The CLI runs its schema engine as WebAssembly through the driver adapter, so no native engine
// is ever downloaded (see docs/toolchain.md).
export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: resolveSqlitePath(process.env.DATABASE_URL) });
  },
} satisfies PrismaConfig;
