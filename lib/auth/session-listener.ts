import "server-only";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { getProvider, POSTGRES_APPLICATION_NAME } from "../db";
import { getEnv } from "../env";
import { hasDatabaseChangedElsewhere } from "../sql";
import { getSessionMemo } from "./session-cache";

/**
 * Keeps the session cache (lib/auth/session-cache.ts) honest on PostgreSQL: one connection of its
 * own LISTENs on SESSION_CHANNEL, where the triggers of prisma/postgres/migrations/
 * 20261208000000_session_cache send what changed (on any instance, or by hand in psql). The cache is
 * live only while that connection is proven to work: every PING_INTERVAL_MS it notifies itself and
 * must hear it back within PING_TIMEOUT_MS. A failure of any kind (the connection dropped, the server
 * restarted, a ping unheard) empties the cache and stops it keeping anything until the connection is
 * back and a ping heard again, so no change made meanwhile is missed.
 *
 * On SQLite there is nothing to listen to: the cache asks `PRAGMA data_version` before every answer
 * (lib/sql.ts hasDatabaseChangedElsewhere), which knows at once of any other connection's commit.
 */

/** The notification channel of the session triggers. */
export const SESSION_CHANNEL = "portal_session";
export const PING_INTERVAL_MS = 5_000;
export const PING_TIMEOUT_MS = 5_000;
const RECONNECT_MAX_MS = 30_000;

type Listener = {
  client?: pg.Client;
  stopped: boolean;
  timer?: NodeJS.Timeout;
  reconnect?: NodeJS.Timeout;
  /** This process's pings, told apart from other instances' (which every listener hears too). */
  nonce: string;
  sequence: number;
  pending?: { payload: string; sentAt: number };
  lastHeardAt: number;
  failures: number;
};

// On globalThis: instrumentation and the route bundles may each hold a copy of this module.
const holder = globalThis as typeof globalThis & { __portalSessionListener?: Listener };

/**
 * Starts keeping sessions (the portal server): on SQLite at once, on PostgreSQL once the listener's
 * first ping is heard.
 */
export function startSessionListener(): void {
  if (getProvider() === "sqlite") {
    getSessionMemo().setLive(true, hasDatabaseChangedElsewhere);
    return;
  }
  if (holder.__portalSessionListener && !holder.__portalSessionListener.stopped) return;
  const listener: Listener = { stopped: false, nonce: randomBytes(6).toString("hex"), sequence: 0, lastHeardAt: 0, failures: 0 };
  holder.__portalSessionListener = listener;
  void connect(listener);
}

/** Stops listening and empties the cache (graceful shutdown, before the pool closes; tests). */
export async function stopSessionListener(): Promise<void> {
  if (getProvider() === "sqlite") getSessionMemo().setLive(false);
  const listener = holder.__portalSessionListener;
  if (!listener || listener.stopped) return;
  listener.stopped = true;
  clearInterval(listener.timer);
  clearTimeout(listener.reconnect);
  getSessionMemo().setLive(false);
  const client = listener.client;
  listener.client = undefined;
  await client?.end().catch(() => undefined);
}

async function connect(listener: Listener): Promise<void> {
  const client = new pg.Client({ connectionString: getEnv().DATABASE_URL, application_name: POSTGRES_APPLICATION_NAME, keepAlive: true });
  listener.client = client;
  client.on("error", (error) => fail(listener, client, `the listening connection failed: ${error.message}`));
  client.on("end", () => fail(listener, client, "the listening connection ended"));
  client.on("notification", (message) => {
    if (message.channel === SESSION_CHANNEL) hear(listener, message.payload ?? "");
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${SESSION_CHANNEL}`);
  } catch (error) {
    fail(listener, client, `could not listen: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (listener.client !== client) return;
  listener.lastHeardAt = 0; // the new connection goes live at its first ping, now
  ping(listener, client);
  listener.timer = setInterval(() => ping(listener, client), 1_000);
  listener.timer.unref();
}

/** Sends a ping when one is due; fails the connection when the last one went unheard too long. */
function ping(listener: Listener, client: pg.Client): void {
  const now = Date.now();
  if (listener.pending) {
    if (now - listener.pending.sentAt > PING_TIMEOUT_MS) fail(listener, client, `a ping went unheard for ${PING_TIMEOUT_MS / 1000} s`);
    return;
  }
  if (now - listener.lastHeardAt < PING_INTERVAL_MS) return;
  const payload = `ping:${listener.nonce}:${listener.sequence++}`;
  listener.pending = { payload, sentAt: now };
  client.query("SELECT pg_notify($1, $2)", [SESSION_CHANNEL, payload]).catch((error: unknown) => {
    fail(listener, client, `a ping failed: ${error instanceof Error ? error.message : String(error)}`);
  });
}

function hear(listener: Listener, payload: string): void {
  const memo = getSessionMemo();
  if (!payload.startsWith("ping:")) {
    memo.invalidate(payload);
    return;
  }
  if (payload !== listener.pending?.payload) return; // another instance's ping, or an old one of ours
  listener.pending = undefined;
  listener.lastHeardAt = Date.now();
  listener.failures = 0;
  if (!memo.live) {
    memo.setLive(true);
    console.log("[session-cache] listening for session changes: reading pages and beats use kept sessions");
  }
}

/** Empties the cache, drops the connection and tries again after a back-off (1 s, 2 s, … 30 s). */
function fail(listener: Listener, client: pg.Client, reason: string): void {
  if (listener.client !== client) return; // a connection already given up
  listener.client = undefined;
  listener.pending = undefined;
  clearInterval(listener.timer);
  const memo = getSessionMemo();
  if (memo.live || listener.failures === 0) console.warn(`[session-cache] ${reason}; sessions are read from the database until listening again`);
  memo.setLive(false);
  client.removeAllListeners("notification");
  client.end().catch(() => undefined);
  if (listener.stopped) return;
  const delay = Math.min(1_000 * 2 ** listener.failures, RECONNECT_MAX_MS);
  listener.failures++;
  listener.reconnect = setTimeout(() => void connect(listener), delay);
  listener.reconnect.unref();
}
