import { SIGNED_IN_BOOT_SCRIPT } from "./auth/user-hint";
import { FONT_SIZE_BOOT_SCRIPT } from "./font-size";

/** The root layout's one inline script, run before the first paint; allowed by its hash (lib/security/csp.ts). */
export const BOOT_SCRIPT = FONT_SIZE_BOOT_SCRIPT + SIGNED_IN_BOOT_SCRIPT;
