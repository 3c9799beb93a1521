-- Issue 15, items 12 and 19: one definition of "started" and "completed" everywhere. The PL/pgSQL
-- twin of prisma/migrations/20261207091500_started_and_revised_completion (see it for the rules).
-- As in 20261130000000_counter_lock_order, every counter row of a unit chain is written by an
-- INSERT … SELECT FROM unit_chain_ids(…) ON CONFLICT, which takes the rows root first.

ALTER TABLE "MaterialInfo" ADD COLUMN "sectionVersions" TEXT NOT NULL DEFAULT '{}';

DROP TRIGGER "SectionProgress_counters_after_complete" ON "SectionProgress";
DROP FUNCTION "SectionProgress_counters_after_complete"();
DROP TRIGGER "ReaderMaterial_counters_after_complete" ON "ReaderMaterial";
DROP FUNCTION "ReaderMaterial_counters_after_complete"();

-- The started/completed difference of one section row for its reader's material row and unit chain.
CREATE FUNCTION "SectionProgress_counters_shift"(row_user integer, row_material text, row_section text,
    started_delta integer, completed_delta integer, row_completed_at timestamp(3)) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    section_total integer := (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = row_material);
BEGIN
    INSERT INTO "ReaderMaterial" AS m ("userId", "materialSlug", "sectionsStarted", "sectionsCompleted", "completedAt")
    VALUES (row_user, row_material, started_delta, completed_delta,
        CASE WHEN completed_delta >= section_total THEN row_completed_at END)
    ON CONFLICT ("userId", "materialSlug") DO UPDATE SET
        "sectionsStarted" = m."sectionsStarted" + excluded."sectionsStarted",
        "sectionsCompleted" = m."sectionsCompleted" + excluded."sectionsCompleted",
        "completedAt" = CASE WHEN m."sectionsCompleted" + excluded."sectionsCompleted" >= section_total
                             THEN COALESCE(m."completedAt", (SELECT MAX(s."completedAt") FROM "SectionProgress" s
                                  WHERE s."userId" = row_user AND s."materialSlug" = row_material AND s."completedVersion" = s."version")) END;
    IF started_delta <> 0 OR completed_delta <> 0 THEN
        INSERT INTO "UnitSectionCount" AS c ("unitId", "materialSlug", "sectionSlug", "started", "completed")
        SELECT a.id, row_material, row_section, started_delta, completed_delta
        FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
        WHERE u."id" = row_user AND u."role" = 'READER' AND NOT u."disabled"
        ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
            "started" = c."started" + excluded."started", "completed" = c."completed" + excluded."completed";
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION "SectionProgress_counters_after_insert"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "SectionProgress_counters_shift"(NEW."userId", NEW."materialSlug", NEW."sectionSlug",
        (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60)::integer, (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version")::integer, NEW."completedAt");
    RETURN NULL;
END
$$;

CREATE FUNCTION "SectionProgress_counters_after_update"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "SectionProgress_counters_shift"(NEW."userId", NEW."materialSlug", NEW."sectionSlug",
        (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60)::integer - (OLD."readParagraphs" <> '[]' OR OLD."activeSeconds" >= 60)::integer, (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version")::integer - (OLD."completedVersion" IS NOT NULL AND OLD."completedVersion" = OLD."version")::integer, NEW."completedAt");
    RETURN NULL;
END
$$;

CREATE TRIGGER "SectionProgress_counters_after_update" AFTER UPDATE OF "readParagraphs", "activeSeconds", "version", "completedVersion" ON "SectionProgress"
FOR EACH ROW WHEN ((OLD."readParagraphs" <> '[]' OR OLD."activeSeconds" >= 60) IS DISTINCT FROM (NEW."readParagraphs" <> '[]' OR NEW."activeSeconds" >= 60) OR (OLD."completedVersion" IS NOT NULL AND OLD."completedVersion" = OLD."version") IS DISTINCT FROM (NEW."completedVersion" IS NOT NULL AND NEW."completedVersion" = NEW."version"))
EXECUTE FUNCTION "SectionProgress_counters_after_update"();

-- The material row's started/completed difference for the reader's unit chain, and the day counts.
CREATE FUNCTION "ReaderMaterial_counters_shift"(row_user integer, row_material text, started_delta integer,
    old_completed_at timestamp(3), new_completed_at timestamp(3)) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    completed_delta integer := (new_completed_at IS NOT NULL)::integer - (old_completed_at IS NOT NULL)::integer;
BEGIN
    IF started_delta <> 0 OR completed_delta <> 0 THEN
        INSERT INTO "UnitMaterialCount" AS c ("unitId", "materialSlug", "started", "completed")
        SELECT a.id, row_material, started_delta, completed_delta
        FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
        WHERE u."id" = row_user AND u."role" = 'READER' AND NOT u."disabled"
        ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
            "started" = c."started" + excluded."started", "completed" = c."completed" + excluded."completed";
    END IF;
    IF old_completed_at IS NOT NULL THEN
        INSERT INTO "UnitCompletionDay" AS c ("unitId", "materialSlug", "day", "completed")
        SELECT a.id, row_material, "china_day"(old_completed_at), -1
        FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
        WHERE u."id" = row_user AND u."role" = 'READER' AND NOT u."disabled"
        ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = c."completed" + excluded."completed";
    END IF;
    IF new_completed_at IS NOT NULL THEN
        INSERT INTO "UnitCompletionDay" AS c ("unitId", "materialSlug", "day", "completed")
        SELECT a.id, row_material, "china_day"(new_completed_at), 1
        FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
        WHERE u."id" = row_user AND u."role" = 'READER' AND NOT u."disabled"
        ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = c."completed" + excluded."completed";
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION "ReaderMaterial_counters_after_insert"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "ReaderMaterial_counters_shift"(NEW."userId", NEW."materialSlug", (NEW."sectionsStarted" > 0)::integer, NULL, NEW."completedAt");
    RETURN NULL;
END
$$;

CREATE FUNCTION "ReaderMaterial_counters_after_update"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "ReaderMaterial_counters_shift"(NEW."userId", NEW."materialSlug",
        (NEW."sectionsStarted" > 0)::integer - (OLD."sectionsStarted" > 0)::integer, OLD."completedAt", NEW."completedAt");
    RETURN NULL;
END
$$;

CREATE TRIGGER "ReaderMaterial_counters_after_update" AFTER UPDATE OF "sectionsStarted", "completedAt" ON "ReaderMaterial"
FOR EACH ROW WHEN ((OLD."sectionsStarted" > 0) IS DISTINCT FROM (NEW."sectionsStarted" > 0) OR OLD."completedAt" IS DISTINCT FROM NEW."completedAt")
EXECUTE FUNCTION "ReaderMaterial_counters_after_update"();

-- A counted reader's whole contribution, each section and material counted by the rules above.
CREATE OR REPLACE FUNCTION "User_counters_shift"(user_id integer, unit_id integer, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "UnitReaderCount" AS c ("unitId", "readers")
    SELECT a.id, delta FROM "unit_chain_ids"(unit_id) AS a(id)
    ON CONFLICT ("unitId") DO UPDATE SET "readers" = c."readers" + excluded."readers";
    INSERT INTO "UnitSectionCount" AS c ("unitId", "materialSlug", "sectionSlug", "started", "completed")
    SELECT a.id, p."materialSlug", p."sectionSlug", delta * (p."readParagraphs" <> '[]' OR p."activeSeconds" >= 60)::integer, delta * (p."completedVersion" IS NOT NULL AND p."completedVersion" = p."version")::integer
    FROM "SectionProgress" p, "unit_chain_ids"(unit_id) AS a(id) WHERE p."userId" = user_id
    ON CONFLICT ("unitId", "materialSlug", "sectionSlug") DO UPDATE SET
        "started" = c."started" + excluded."started", "completed" = c."completed" + excluded."completed";
    INSERT INTO "UnitMaterialCount" AS c ("unitId", "materialSlug", "started", "completed")
    SELECT a.id, m."materialSlug", delta * (m."sectionsStarted" > 0)::integer, delta * (m."completedAt" IS NOT NULL)::integer
    FROM "ReaderMaterial" m, "unit_chain_ids"(unit_id) AS a(id) WHERE m."userId" = user_id
    ON CONFLICT ("unitId", "materialSlug") DO UPDATE SET
        "started" = c."started" + excluded."started", "completed" = c."completed" + excluded."completed";
    INSERT INTO "UnitCompletionDay" AS c ("unitId", "materialSlug", "day", "completed")
    SELECT a.id, m."materialSlug", "china_day"(m."completedAt"), delta
    FROM "ReaderMaterial" m, "unit_chain_ids"(unit_id) AS a(id) WHERE m."userId" = user_id AND m."completedAt" IS NOT NULL
    ON CONFLICT ("unitId", "materialSlug", "day") DO UPDATE SET "completed" = c."completed" + excluded."completed";
END
$$;
