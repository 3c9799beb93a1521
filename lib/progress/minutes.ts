// Active reading time is stored in seconds. Whoever shows it (the reader's 我的学习, the administrator's
// reader page, the person grid, its CSV and XLSX) turns seconds into minutes here, and a total is the
// sum of the seconds rounded once: rounding each section first made 570 s read 11 分钟 on the grid and
// 10 分钟 on 我的学习.

/** Whole minutes shown for an amount of active reading seconds (rounded to the nearest minute). */
export function toActiveMinutes(seconds: number): number {
  return Math.round(Math.max(0, seconds) / 60);
}

/** The minutes shown for a total: the seconds are added first, then rounded once. */
export function sumActiveMinutes(seconds: Iterable<number>): number {
  let total = 0;
  for (const s of seconds) total += s;
  return toActiveMinutes(total);
}
