// Separators people use between unit names in the 单位路径 column: "/", "／", ">", "＞" (NFKC folds
// the full-width forms), with or without spaces around them.
const SEPARATOR = /\s*[/>]\s*/;

/**
 * A comparable form of a unit path ("示范县委 / 组织部＞第一支部" → "示范县委/组织部/第一支部"):
 * width-folded, trimmed, empty segments dropped. Unit names joined with "/" go through the same
 * function, so a name that itself contains "/" still compares equal.
 */
export function normalizeUnitPath(path: string): string {
  return path
    .normalize("NFKC")
    .split(SEPARATOR)
    .map((segment) => segment.trim())
    .filter(Boolean)
    .join("/");
}

/** How a unit path is shown to people: names from the root down joined by " / ". */
export function formatUnitPath(names: string[]): string {
  return names.join(" / ");
}
