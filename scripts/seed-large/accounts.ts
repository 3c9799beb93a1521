import { personName } from "./names";
import { createRandom } from "./random";
import { DAY_MS, isoTime, type SeedSpec } from "./time";
import type { PlannedUnit } from "./tree";

export type ReaderStatus = "not-started" | "in-progress" | "completed";
export type Role = "READER" | "UNIT_ADMIN" | "SYSTEM_ADMIN";

/** One account as it will be stored (every account gets the same password hash). */
export type PlannedAccount = {
  id: number;
  account: string;
  name: string;
  unitId: number;
  role: Role;
  disabled: boolean;
  createdAt: string;
  /** How far this reader has got with the material; administrators have not started. */
  status: ReaderStatus;
};

export const STREAM_READER = 2;
const STREAM_IMPORT = 3;
const DISABLED_SHARE = 0.01;
const SHARES = { notStarted: 0.25, inProgress: 0.45 } as const;

/** Each city imported its accounts in one go, 35–55 days ago; readers created then share the timestamp. */
function importedAt(spec: SeedSpec, city: number): number {
  const days = createRandom(spec.seed, STREAM_IMPORT, city + 1).between(35, 55);
  return spec.now.getTime() - days * DAY_MS;
}

/** The readers `r0000001`, `r0000002`, … unit by unit in tree order, with ids 1…users. */
export function* listReaders(spec: SeedSpec, units: readonly PlannedUnit[]): Generator<PlannedAccount> {
  let id = 0;
  for (const unit of units) {
    const createdAt = isoTime(importedAt(spec, unit.city));
    const notStarted = SHARES.notStarted - unit.diligence;
    for (let k = 0; k < unit.readers; k++) {
      id += 1;
      const random = createRandom(spec.seed, STREAM_READER, id);
      const name = personName(random);
      const disabled = random.chance(DISABLED_SHARE);
      const draw = random.next();
      const status: ReaderStatus = draw < notStarted ? "not-started" : draw < notStarted + SHARES.inProgress ? "in-progress" : "completed";
      yield { id, account: `r${String(id).padStart(7, "0")}`, name, unitId: unit.id, role: "READER", disabled, createdAt, status };
    }
  }
}

/** One system administrator (`large-admin`, in the province) and one unit administrator per city (`admin-c01`, …). */
export function listAdmins(spec: SeedSpec, units: readonly PlannedUnit[]): PlannedAccount[] {
  const random = createRandom(spec.seed, STREAM_READER, 0);
  const root = units[0];
  if (!root) throw new Error("the unit tree is empty");
  const admins: PlannedAccount[] = [
    {
      id: spec.users + 1, account: "large-admin", name: "系统管理员", unitId: root.id, role: "SYSTEM_ADMIN", disabled: false,
      createdAt: isoTime(spec.now.getTime() - 91 * DAY_MS), status: "not-started",
    },
  ];
  for (const city of units.filter((unit) => unit.kind === "city")) {
    admins.push({
      id: spec.users + 1 + admins.length, account: `admin-c${String(city.city + 1).padStart(2, "0")}`, name: personName(random),
      unitId: city.id, role: "UNIT_ADMIN", disabled: false, createdAt: isoTime(importedAt(spec, city.city) - DAY_MS), status: "not-started",
    });
  }
  return admins;
}
