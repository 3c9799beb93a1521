-- Counter rows are locked in one global order: along the unit chain, root first.
--
-- Several beats commit concurrently on PostgreSQL, and each one's triggers update the counter rows of
-- the reader's unit chain. The INSERT … SELECT FROM unit_chain_ids(…) statements already take those
-- rows root first, but the two UPDATE … WHERE "unitId" IN (…) statements below locked them in whatever
-- order the plan visited them (a hash join visits them in heap order), so two beats could each hold a
-- row the other needed next: a deadlock, seen under concurrent beats in the counter tests. Two chains
-- share only a prefix from the root, so "root first" is one order for all of them. Here each UPDATE
-- first locks its rows in chain order (FOR UPDATE follows ORDER BY), then updates them. SQLite
-- serializes writers and needs no twin of this migration.

CREATE OR REPLACE FUNCTION "SectionProgress_counters_after_complete"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "ReaderMaterial" AS m SET
        "sectionsCompleted" = m."sectionsCompleted" + 1,
        "completedAt" = COALESCE(m."completedAt",
            CASE WHEN m."sectionsCompleted" + 1 >= (SELECT "sectionCount" FROM "MaterialInfo" WHERE "slug" = NEW."materialSlug")
                 THEN NEW."completedAt" END)
    WHERE m."userId" = NEW."userId" AND m."materialSlug" = NEW."materialSlug";
    PERFORM 1 FROM "UnitSectionCount" c
        JOIN "User" u ON u."id" = NEW."userId" AND u."role" = 'READER' AND NOT u."disabled"
        JOIN "unit_chain_ids"(u."unitId") WITH ORDINALITY AS a(id, depth) ON a.id = c."unitId"
    WHERE c."materialSlug" = NEW."materialSlug" AND c."sectionSlug" = NEW."sectionSlug"
    ORDER BY a.depth
    FOR UPDATE OF c;
    UPDATE "UnitSectionCount" AS c SET "completed" = c."completed" + 1
    WHERE c."materialSlug" = NEW."materialSlug" AND c."sectionSlug" = NEW."sectionSlug" AND c."unitId" IN (
        SELECT a.id FROM "User" u, "unit_chain_ids"(u."unitId") AS a(id)
        WHERE u."id" = NEW."userId" AND u."role" = 'READER' AND NOT u."disabled");
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "ReaderMaterial_counters_after_complete"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM "UnitMaterialCount" c
        JOIN "User" u ON u."id" = NEW."userId" AND u."role" = 'READER' AND NOT u."disabled"
        JOIN "unit_chain_ids"(u."unitId") WITH ORDINALITY AS a(id, depth) ON a.id = c."unitId"
    WHERE c."materialSlug" = NEW."materialSlug"
    ORDER BY a.depth
    FOR UPDATE OF c;
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
