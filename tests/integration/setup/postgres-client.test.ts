// The generated PostgreSQL client (lib/generated/prisma-pg) on a database built by the applier:
// the migrations give the client the tables and types it expects, and the triggers run under it.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma-pg/client";
import { migratePostgres } from "@/lib/setup/migrate-postgres";
import { createPostgresDatabase, type PostgresDatabase } from "../helpers/postgres";

let database: PostgresDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createPostgresDatabase();
  await migratePostgres({ connectionString: database.url });
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

it("writes and reads enums, booleans, timestamps and text through the pg adapter, with the triggers running", async () => {
  const root = await prisma.unit.create({ data: { name: "示范县委", code: "root", path: "/new-root/", depth: 0 } });
  await prisma.unit.update({ where: { id: root.id }, data: { path: `/${root.id}/` } });
  const reader = await prisma.user.create({ data: { account: "reader", name: "学员", unitId: root.id, passwordHash: "x" } });
  await prisma.materialInfo.create({ data: { slug: "m", sections: JSON.stringify(["s"]), sectionCount: 1, updatedAt: new Date() } });
  const at = new Date(Date.UTC(2026, 10, 28, 17, 30)); // 01:30 on the 29th in China
  await prisma.sectionProgress.create({
    data: { userId: reader.id, materialSlug: "m", sectionSlug: "s", version: "v1", lastBeatAt: at, completedAt: at, completedVersion: "v1" },
  });

  expect(await prisma.user.findUniqueOrThrow({ where: { id: reader.id }, select: { role: true, disabled: true } })).toEqual({ role: "READER", disabled: false });
  expect(await prisma.readerClock.findUniqueOrThrow({ where: { userId: reader.id } })).toEqual({ userId: reader.id, lastBeatAt: at });
  expect(await prisma.readerMaterial.findUniqueOrThrow({ where: { userId_materialSlug: { userId: reader.id, materialSlug: "m" } } })).toMatchObject({ sectionsCompleted: 1, completedAt: at });
  expect(await prisma.unitCompletionDay.findMany({ select: { unitId: true, day: true, completed: true } })).toEqual([{ unitId: root.id, day: "2026-11-29", completed: 1 }]);
  expect(await prisma.unitReaderCount.findUniqueOrThrow({ where: { unitId: root.id } })).toEqual({ unitId: root.id, readers: 1 });
  await prisma.auditLog.create({ data: { action: "login" } });
  await expect(prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
});
