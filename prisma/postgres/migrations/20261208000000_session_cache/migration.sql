-- Issue 19: the session cache of the lean path (lib/auth/session-cache.ts). Every instance LISTENs on
-- portal_session (lib/auth/session-listener.ts); these triggers tell it, at commit, whatever could end
-- or change a session it keeps:
--   's:<session id>'  a session deleted (logout, expiry, password change), or its lastSeenAt set back,
--                     its expiresAt or its user changed (only by hand: the portal never does that);
--   'u:<user id>'     a user's account, name, role, unit, disabled or mustChangePassword changed;
--   '*'               a unit's path changed (a unit moved), a table truncated, or more than 100 rows
--                     at once: everything kept is dropped.
-- A forward touch of lastSeenAt (the idle timeout) notifies nothing. SQLite needs none of this: the
-- cache is used only on PostgreSQL. NOTIFY is delivered only if the transaction commits.

CREATE FUNCTION "portal_notify_sessions"(payloads text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    payload text;
BEGIN
    IF cardinality(payloads) > 100 THEN
        PERFORM pg_notify('portal_session', '*');
    ELSE
        FOREACH payload IN ARRAY payloads LOOP
            PERFORM pg_notify('portal_session', payload);
        END LOOP;
    END IF;
END
$$;

CREATE FUNCTION "Session_notify_deleted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "portal_notify_sessions"(ARRAY(SELECT 's:' || "id" FROM gone));
    RETURN NULL;
END
$$;

CREATE TRIGGER "Session_notify_deleted" AFTER DELETE ON "Session"
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "Session_notify_deleted"();

CREATE FUNCTION "Session_notify_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portal_session', 's:' || OLD."id");
    RETURN NULL;
END
$$;

-- Row-level with a WHEN clause, so the touches of lastSeenAt (one per active session a minute) do not
-- run any PL/pgSQL.
CREATE TRIGGER "Session_notify_changed" AFTER UPDATE ON "Session" FOR EACH ROW
WHEN (NEW."lastSeenAt" < OLD."lastSeenAt" OR NEW."expiresAt" IS DISTINCT FROM OLD."expiresAt"
      OR NEW."userId" IS DISTINCT FROM OLD."userId" OR NEW."id" IS DISTINCT FROM OLD."id")
EXECUTE FUNCTION "Session_notify_changed"();

CREATE FUNCTION "User_notify_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "portal_notify_sessions"(ARRAY(
        SELECT 'u:' || b."id" FROM before b LEFT JOIN after a ON a."id" = b."id"
        WHERE a."id" IS NULL OR a."account" IS DISTINCT FROM b."account" OR a."name" IS DISTINCT FROM b."name"
           OR a."role" IS DISTINCT FROM b."role" OR a."unitId" IS DISTINCT FROM b."unitId"
           OR a."disabled" IS DISTINCT FROM b."disabled" OR a."mustChangePassword" IS DISTINCT FROM b."mustChangePassword"));
    RETURN NULL;
END
$$;

CREATE TRIGGER "User_notify_changed" AFTER UPDATE ON "User"
REFERENCING OLD TABLE AS before NEW TABLE AS after FOR EACH STATEMENT EXECUTE FUNCTION "User_notify_changed"();

CREATE FUNCTION "Unit_notify_moved"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM before b LEFT JOIN after a ON a."id" = b."id" WHERE a."path" IS DISTINCT FROM b."path") THEN
        PERFORM pg_notify('portal_session', '*');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "Unit_notify_moved" AFTER UPDATE ON "Unit"
REFERENCING OLD TABLE AS before NEW TABLE AS after FOR EACH STATEMENT EXECUTE FUNCTION "Unit_notify_moved"();

CREATE FUNCTION "portal_notify_all_sessions"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portal_session', '*');
    RETURN NULL;
END
$$;

CREATE TRIGGER "Session_notify_truncated" AFTER TRUNCATE ON "Session" FOR EACH STATEMENT EXECUTE FUNCTION "portal_notify_all_sessions"();
CREATE TRIGGER "User_notify_truncated" AFTER TRUNCATE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "portal_notify_all_sessions"();
CREATE TRIGGER "Unit_notify_truncated" AFTER TRUNCATE ON "Unit" FOR EACH STATEMENT EXECUTE FUNCTION "portal_notify_all_sessions"();
