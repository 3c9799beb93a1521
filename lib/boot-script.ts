import { SIGNED_IN_ATTRIBUTE, USER_HINT_COOKIE } from "./auth/user-hint";
import { FONT_SIZE_BOOT_SCRIPT } from "./font-size";

/**
 * Marks <html> as signed in before the first paint, so an anonymous visitor never sees the links they
 * cannot use flash up (the header is prerendered, the same for everyone). A fixed string: the
 * Content-Security-Policy allows it by its hash. The user menu keeps the mark current after sign-in
 * and sign-out, which navigate without reloading the document.
 * Kept here, not in auth/user-hint.ts, so the reading tracker's bundle (which needs the cookie helpers
 * only) does not carry it.
 */
export const SIGNED_IN_BOOT_SCRIPT = `try{if(/(?:^|;\\s*)${USER_HINT_COOKIE}=/.test(document.cookie))document.documentElement.setAttribute("${SIGNED_IN_ATTRIBUTE}","")}catch(e){}`;

/** The root layout's one inline script, run before the first paint; allowed by its hash (lib/security/csp.ts). */
export const BOOT_SCRIPT = FONT_SIZE_BOOT_SCRIPT + SIGNED_IN_BOOT_SCRIPT;
