/**
 * Names shared by the service worker (app/sw.ts) and the pages' offline components: which cache
 * holds what, and which requests may be kept. Material and section pages are prerendered, the same
 * bytes for every reader, so they are kept in a shared cache; pages with a reader's own data (我的学习,
 * 我的笔记) are kept in a cache that is deleted when the browser's reader changes (privacy.ts).
 */

/** Reading pages (home, material, section): the same for every reader. */
export const READING_CACHE = "xxyd-reading-v1";
/** Pages with the signed-in reader's own data. */
export const PERSONAL_CACHE = "xxyd-personal-v1";
/** The page shown for a page that needs the server while offline. */
export const OFFLINE_PATH = "/offline";
/** Where the service worker is served (app/serwist/[path]/route.ts). */
export const SERVICE_WORKER_URL = "/serwist/sw.js";

/** Pathnames kept for offline reading: home, a material, a section (lib/auth/reading-gate.ts). */
export const READING_PATH = /^\/(?:materials(?:\/[^/]+){1,2}\/?)?$/;
/** Pathnames with the reader's own data that may be read offline. */
export const PERSONAL_PATH = /^\/me(?:\/notes)?\/?$/;

/** localStorage key: who the browser's offline data belongs to (the user hint's owner). */
export const OFFLINE_OWNER_KEY = "xxyd:offline-owner";
/** localStorage key: materials downloaded for offline reading (downloads.ts). */
export const OFFLINE_DOWNLOADS_KEY = "xxyd:offline-downloads:v1";
/** Where a browser asks for its downloads' pages and revisions (app/api/offline/materials/route.ts). */
export const OFFLINE_MATERIALS_API = "/api/offline/materials";
/** A browser keeps at most this many materials offline; the endpoint answers for all of them at once. */
export const MAX_OFFLINE_MATERIALS = 50;
/** Window event: the list of downloads changed outside the component showing it (a refresh). */
export const OFFLINE_DOWNLOADS_EVENT = "xxyd:offline-downloads-changed";
