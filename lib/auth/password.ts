import "server-only";
import { randomInt } from "node:crypto";
import { hash, verify, type Options } from "@node-rs/argon2";

/** Value of @node-rs/argon2's `Algorithm.Argon2id` (a const enum, which isolatedModules cannot import). */
const ARGON2ID = 2;

/** OWASP's minimum for argon2id: 19 MiB of memory, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export { PASSWORD_MAX, PASSWORD_MIN, newPasswordSchema } from "./password-policy";

/** Hashes a password with argon2id; the PHC string carries its own salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Checks a password against a stored hash; false for a malformed hash instead of throwing. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch (error) {
    console.error("[auth] password hash could not be verified:", (error as Error).message);
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification. Used when the account does not exist, so that an
 * unknown account and a wrong password cannot be told apart by the response time.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword("dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}

// No 0/O, 1/l/I: one-time passwords are read off a screen or a printout and typed by hand.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ";

/** A random one-time password (12 characters, ~68 bits) for new and reset accounts. */
export function generateOneTimePassword(length = 12): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
