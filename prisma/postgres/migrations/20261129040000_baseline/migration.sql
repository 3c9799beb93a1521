-- Baseline of the PostgreSQL schema, equal to prisma/schema.prisma as of the SQLite migration
-- 20261129040000_dashboard. The DDL below is generated:
--   npx prisma migrate diff --from-empty --to-schema-datamodel prisma/postgres/schema.prisma --script
-- The triggers after it are written by hand: the PL/pgSQL twins of every SQLite trigger in
-- prisma/migrations (see the end of this file). Applied by `npm run db:migrate:pg`.
-- CreateEnum
CREATE TYPE "Role" AS ENUM ('READER', 'UNIT_ADMIN', 'SYSTEM_ADMIN');

-- CreateTable
CREATE TABLE "SectionRevision" (
    "id" SERIAL NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "paragraphs" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SectionRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Unit" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "parentId" INTEGER,
    "path" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "account" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'READER',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT true,
    "passwordChangedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" SERIAL NOT NULL,
    "account" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "actorAccount" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "ip" TEXT,
    "detail" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SectionProgress" (
    "userId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "readParagraphs" TEXT NOT NULL DEFAULT '[]',
    "readChars" INTEGER NOT NULL DEFAULT 0,
    "furthestIndex" INTEGER NOT NULL DEFAULT -1,
    "lastParagraphId" TEXT,
    "activeSeconds" INTEGER NOT NULL DEFAULT 0,
    "lastViewId" TEXT NOT NULL DEFAULT '',
    "lastViewActive" INTEGER NOT NULL DEFAULT 0,
    "lastBeatAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "completedVersion" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SectionProgress_pkey" PRIMARY KEY ("userId","materialSlug","sectionSlug")
);

-- CreateTable
CREATE TABLE "ReaderClock" (
    "userId" INTEGER NOT NULL,
    "lastBeatAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReaderClock_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" SERIAL NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "startDate" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" SERIAL NOT NULL,
    "assignmentId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "sentById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialInfo" (
    "slug" TEXT NOT NULL,
    "sections" TEXT NOT NULL,
    "sectionCount" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MaterialInfo_pkey" PRIMARY KEY ("slug")
);

-- CreateTable
CREATE TABLE "ReaderMaterial" (
    "userId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "sectionsStarted" INTEGER NOT NULL DEFAULT 0,
    "sectionsCompleted" INTEGER NOT NULL DEFAULT 0,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ReaderMaterial_pkey" PRIMARY KEY ("userId","materialSlug")
);

-- CreateTable
CREATE TABLE "UnitReaderCount" (
    "unitId" INTEGER NOT NULL,
    "readers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UnitReaderCount_pkey" PRIMARY KEY ("unitId")
);

-- CreateTable
CREATE TABLE "UnitMaterialCount" (
    "unitId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "started" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UnitMaterialCount_pkey" PRIMARY KEY ("unitId","materialSlug")
);

-- CreateTable
CREATE TABLE "UnitSectionCount" (
    "unitId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "sectionSlug" TEXT NOT NULL,
    "started" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UnitSectionCount_pkey" PRIMARY KEY ("unitId","materialSlug","sectionSlug")
);

-- CreateTable
CREATE TABLE "UnitCompletionDay" (
    "unitId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "completed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UnitCompletionDay_pkey" PRIMARY KEY ("unitId","materialSlug","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "SectionRevision_materialSlug_sectionSlug_version_key" ON "SectionRevision"("materialSlug", "sectionSlug", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_code_key" ON "Unit"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_path_key" ON "Unit"("path");

-- CreateIndex
CREATE INDEX "Unit_parentId_idx" ON "Unit"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "User_account_key" ON "User"("account");

-- CreateIndex
CREATE INDEX "User_unitId_idx" ON "User"("unitId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_account_createdAt_idx" ON "LoginAttempt"("account", "createdAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_ip_createdAt_idx" ON "LoginAttempt"("ip", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");

-- CreateIndex
CREATE INDEX "SectionProgress_materialSlug_sectionSlug_idx" ON "SectionProgress"("materialSlug", "sectionSlug");

-- CreateIndex
CREATE INDEX "Assignment_materialSlug_idx" ON "Assignment"("materialSlug");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_unitId_materialSlug_key" ON "Assignment"("unitId", "materialSlug");

-- CreateIndex
CREATE INDEX "Reminder_userId_idx" ON "Reminder"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_assignmentId_userId_day_key" ON "Reminder"("assignmentId", "userId", "day");

-- CreateIndex
CREATE INDEX "ReaderMaterial_materialSlug_sectionsCompleted_idx" ON "ReaderMaterial"("materialSlug", "sectionsCompleted");

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SectionProgress" ADD CONSTRAINT "SectionProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReaderClock" ADD CONSTRAINT "ReaderClock_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReaderMaterial" ADD CONSTRAINT "ReaderMaterial_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitReaderCount" ADD CONSTRAINT "UnitReaderCount_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitMaterialCount" ADD CONSTRAINT "UnitMaterialCount_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitSectionCount" ADD CONSTRAINT "UnitSectionCount_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitCompletionDay" ADD CONSTRAINT "UnitCompletionDay_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- =============================================================================================
-- Triggers: the PL/pgSQL twins of the SQLite triggers of prisma/migrations. Same names, same
-- semantics; see those files for why each exists. Differences of dialect only: booleans are real
-- booleans, the ancestor ids come from unit_chain_ids() instead of json_each, and the China-time day
-- is computed by china_day(). Row triggers, so a statement touching many rows counts each one.
-- =============================================================================================

-- The ids of a unit and all its ancestors, read off its path "/1/4/9/" (no rows for NULL).
CREATE FUNCTION "unit_chain_ids"(unit_id integer) RETURNS SETOF integer
LANGUAGE sql STABLE AS $$
    SELECT unnest(string_to_array(trim(both '/' from "path"), '/')::integer[]) FROM "Unit" WHERE "id" = unit_id
$$;

-- The China-time (UTC+8) calendar day of a UTC timestamp, "YYYY-MM-DD" (SQLite: date(t, '+8 hours')).
CREATE FUNCTION "china_day"(t timestamp) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(t + interval '8 hours', 'YYYY-MM-DD')
$$;

-- ---------------------------------------------------------------------------------------------
-- The audit log is append-only: the database itself refuses to change or remove an entry
-- (TRUNCATE too, which skips row triggers and has no SQLite counterpart).
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION "AuditLog_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'AuditLog is append-only';
END
$$;

CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
FOR EACH ROW EXECUTE FUNCTION "AuditLog_append_only"();

CREATE TRIGGER "AuditLog_no_delete" BEFORE DELETE ON "AuditLog"
FOR EACH ROW EXECUTE FUNCTION "AuditLog_append_only"();

CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
FOR EACH STATEMENT EXECUTE FUNCTION "AuditLog_append_only"();

-- ---------------------------------------------------------------------------------------------
-- Every progress write also moves the reader's clock, inside the same statement.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION "SectionProgress_clock"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "ReaderClock" ("userId", "lastBeatAt") VALUES (NEW."userId", NEW."lastBeatAt")
    ON CONFLICT ("userId") DO UPDATE SET "lastBeatAt" = excluded."lastBeatAt";
    RETURN NULL;
END
$$;

CREATE TRIGGER "SectionProgress_clock_after_insert" AFTER INSERT ON "SectionProgress"
FOR EACH ROW EXECUTE FUNCTION "SectionProgress_clock"();

CREATE TRIGGER "SectionProgress_clock_after_update" AFTER UPDATE OF "lastBeatAt" ON "SectionProgress"
FOR EACH ROW EXECUTE FUNCTION "SectionProgress_clock"();

-- ---------------------------------------------------------------------------------------------
-- Completion counters. Every counter row holds the totals of a unit's whole subtree: an event adds
-- to the reader's unit and each of its ancestors. A reader is counted while role = 'READER' and
-- not disabled.
-- ---------------------------------------------------------------------------------------------

-- A new section row: one more section started (and maybe completed) for the reader and material,
-- and for the reader's unit chain if the reader is counted.
CREATE FUNCTION "SectionProgress_counters_after_insert"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    section_done integer := (NEW."completedAt" IS NOT NULL)::integer;
    section_total integer := (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug");
BEGIN
    INSERT INTO "ReaderMaterial" AS m ("userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "completedAt")
    VALUES (NEW."userId", NEW."materialSlug", 1, section_done,
        CASE WHEN section_done = 1 AND 1 >= section_total THEN NEW."completedAt" END)
    ON CONFLICT ("userId", "materialSlug") DO UPDATE SET
        "sectionsStarted" = m."sectionsStarted" + 1,
        "sectionsCompleted" = m."sectionsCompleted" + excluded."sectionsCompleted",
        "completedAt" = COALESCE(m."completedAt",
            CASE WHEN excluded."sectionsCompleted" = 1 AND m."sectionsCompleted" + 1 >= section_total
                 THEN NEW."completedAt" END);
    INSERT INTO "UnitSectionCount" AS c ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.id, NEW."materialSlug", NEW."sectionSlug", 1, section_done
    FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND NOT u."disabled"
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = c."started" + 1, "completed" = c."completed" + excluded."completed";
    RETURN NULL;
END
$$;

CREATE TRIGGER "SectionProgress_counters_after_insert" AFTER INSERT ON "SectionProgress"
FOR EACH ROW EXECUTE FUNCTION "SectionProgress_counters_after_insert"();

-- A section completed by a later beat (completedAt is set once and never cleared).
CREATE FUNCTION "SectionProgress_counters_after_complete"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "ReaderMaterial" AS m SET
        "sectionsCompleted" = m."sectionsCompleted" + 1,
        "completedAt" = COALESCE(m."completedAt",
            CASE WHEN m."sectionsCompleted" + 1 >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
                 THEN NEW."completedAt" END)
    WHERE m."userId" = NEW."userId" AND m."materialSlug" = NEW."materialSlug";
    UPDATE "UnitSectionCount" AS c SET "completed" = c."completed" + 1
    WHERE c."materialSlug" = NEW."materialSlug" AND c."sectionSlug" = NEW."sectionSlug" AND c."unitId" IN (
        SELECT a.id FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
        WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND NOT u."disabled");
    RETURN NULL;
END
$$;

CREATE TRIGGER "SectionProgress_counters_after_complete" AFTER UPDATE OF "completedAt" ON "SectionProgress"
FOR EACH ROW WHEN (OLD."completedAt" IS NULL AND NEW."completedAt" IS NOT NULL)
EXECUTE FUNCTION "SectionProgress_counters_after_complete"();

-- A reader's first section of a material, and a reader completing a whole material.
CREATE FUNCTION "ReaderMaterial_counters_after_insert"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "UnitMaterialCount" AS c ("unitId", "materialSlug", "started", "completed")
    SELECT a.id, NEW."materialSlug", 1, (NEW."completedAt" IS NOT NULL)::integer
    FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND NOT u."disabled"
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = c."started" + 1, "completed" = c."completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" AS c ("unitId", "materialSlug", "day", "completed")
    SELECT a.id, NEW."materialSlug", "china_day"(NEW."completedAt"), 1
    FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND NOT u."disabled" AND NEW."completedAt" IS NOT NULL
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = c."completed" + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER "ReaderMaterial_counters_after_insert" AFTER INSERT ON "ReaderMaterial"
FOR EACH ROW EXECUTE FUNCTION "ReaderMaterial_counters_after_insert"();

CREATE FUNCTION "ReaderMaterial_counters_after_complete"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "UnitMaterialCount" AS c SET "completed" = c."completed" + 1
    WHERE c."materialSlug" = NEW."materialSlug" AND c."unitId" IN (
        SELECT a.id FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
        WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND NOT u."disabled");
    INSERT INTO "UnitCompletionDay" AS c ("unitId", "materialSlug", "day", "completed")
    SELECT a.id, NEW."materialSlug", "china_day"(NEW."completedAt"), 1
    FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
    WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND NOT u."disabled"
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = c."completed" + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER "ReaderMaterial_counters_after_complete" AFTER UPDATE OF "completedAt" ON "ReaderMaterial"
FOR EACH ROW WHEN (OLD."completedAt" IS NULL AND NEW."completedAt" IS NOT NULL)
EXECUTE FUNCTION "ReaderMaterial_counters_after_complete"();

-- A counted reader's whole contribution (headcount, sections, materials, completion days) added to
-- (delta 1) or taken from (delta -1) the chain of unit_id. Shared by the User triggers below.
CREATE FUNCTION "User_counters_shift"(user_id integer, unit_id integer, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "UnitReaderCount" AS c ("unitId", "readers")
    SELECT a.id, delta FROM "unit_chain_ids"(unit_id) AS a(id)
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = c."readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" AS c ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.id, p."materialSlug", p."sectionSlug", delta, delta * (p."completedAt" IS NOT NULL)::integer
    FROM "SectionProgress" p, "unit_chain_ids"(unit_id) AS a(id) WHERE p."userId" = user_id
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = c."started" + excluded."started", "completed" = c."completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" AS c ("unitId", "materialSlug", "started", "completed")
    SELECT a.id, m."materialSlug", delta, delta * (m."completedAt" IS NOT NULL)::integer
    FROM "ReaderMaterial" m, "unit_chain_ids"(unit_id) AS a(id) WHERE m."userId" = user_id
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = c."started" + excluded."started", "completed" = c."completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" AS c ("unitId", "materialSlug", "day", "completed")
    SELECT a.id, m."materialSlug", "china_day"(m."completedAt"), delta
    FROM "ReaderMaterial" m, "unit_chain_ids"(unit_id) AS a(id) WHERE m."userId" = user_id AND m."completedAt" IS NOT NULL
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = c."completed" + excluded."completed";
END
$$;

-- Readers joining, moving between units, changing role, being disabled or enabled, or deleted:
-- their whole contribution leaves the old unit's chain and arrives at the new one's.
CREATE FUNCTION "User_counters_after_insert"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "UnitReaderCount" AS c ("unitId", "readers")
    SELECT a.id, 1 FROM "unit_chain_ids"(NEW."unitId") AS a(id)
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = c."readers" + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER "User_counters_after_insert" AFTER INSERT ON "User"
FOR EACH ROW WHEN (NEW."role" = 'READER' AND NOT NEW."disabled")
EXECUTE FUNCTION "User_counters_after_insert"();

CREATE FUNCTION "User_counters_after_update"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD."role" = 'READER' AND NOT OLD."disabled" THEN
        PERFORM "User_counters_shift"(OLD."id", OLD."unitId", -1);
    END IF;
    IF NEW."role" = 'READER' AND NOT NEW."disabled" THEN
        PERFORM "User_counters_shift"(NEW."id", NEW."unitId", 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "User_counters_after_update" AFTER UPDATE OF "unitId", "role", "disabled" ON "User"
FOR EACH ROW WHEN (
    (OLD."unitId" IS DISTINCT FROM NEW."unitId" OR OLD."role" IS DISTINCT FROM NEW."role" OR OLD."disabled" IS DISTINCT FROM NEW."disabled")
    AND ((OLD."role" = 'READER' AND NOT OLD."disabled") OR (NEW."role" = 'READER' AND NOT NEW."disabled")))
EXECUTE FUNCTION "User_counters_after_update"();

-- Before the rows go (their progress is deleted by the cascade after this), take the reader's
-- contribution out of the counters.
CREATE FUNCTION "User_counters_before_delete"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "User_counters_shift"(OLD."id", OLD."unitId", -1);
    RETURN OLD;
END
$$;

CREATE TRIGGER "User_counters_before_delete" BEFORE DELETE ON "User"
FOR EACH ROW WHEN (OLD."role" = 'READER' AND NOT OLD."disabled")
EXECUTE FUNCTION "User_counters_before_delete"();

-- A unit moving to another parent takes its subtree's totals (its own counter rows) away from its
-- old ancestors and adds them to its new ones; the counters of the moved subtree stay as they are.
-- The parents are outside the moved subtree, so their paths are the same before and after the move.
CREATE FUNCTION "Unit_counters_shift"(unit_id integer, parent_id integer, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "UnitReaderCount" AS t ("unitId", "readers")
    SELECT a.id, delta * c."readers" FROM "UnitReaderCount" c, "unit_chain_ids"(parent_id) AS a(id)
    WHERE c."unitId" = unit_id
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = t."readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" AS t ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.id, c."materialSlug", c."sectionSlug", delta * c."started", delta * c."completed"
    FROM "UnitSectionCount" c, "unit_chain_ids"(parent_id) AS a(id) WHERE c."unitId" = unit_id
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = t."started" + excluded."started", "completed" = t."completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" AS t ("unitId", "materialSlug", "started", "completed")
    SELECT a.id, c."materialSlug", delta * c."started", delta * c."completed"
    FROM "UnitMaterialCount" c, "unit_chain_ids"(parent_id) AS a(id) WHERE c."unitId" = unit_id
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = t."started" + excluded."started", "completed" = t."completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" AS t ("unitId", "materialSlug", "day", "completed")
    SELECT a.id, c."materialSlug", c."day", delta * c."completed"
    FROM "UnitCompletionDay" c, "unit_chain_ids"(parent_id) AS a(id) WHERE c."unitId" = unit_id
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = t."completed" + excluded."completed";
END
$$;

CREATE FUNCTION "Unit_counters_after_move"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "Unit_counters_shift"(NEW."id", OLD."parentId", -1);
    PERFORM "Unit_counters_shift"(NEW."id", NEW."parentId", 1);
    RETURN NULL;
END
$$;

CREATE TRIGGER "Unit_counters_after_move" AFTER UPDATE OF "parentId" ON "Unit"
FOR EACH ROW WHEN (OLD."parentId" IS DISTINCT FROM NEW."parentId")
EXECUTE FUNCTION "Unit_counters_after_move"();
