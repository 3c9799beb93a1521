// Every date the portal shows or puts in a file name is China Standard Time (Asia/Shanghai, UTC+8,
// no daylight saving): readers and administrators work in China, the server's clock may run in UTC.
// This module is the one place that turns a moment into a China-time date; it runs in the browser too.

export const CHINA_TIME_ZONE = "Asia/Shanghai";

const wallClockFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: CHINA_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

export type ChinaWallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function toDate(date: Date | string): Date {
  return typeof date === "string" ? new Date(date) : date;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The wall-clock date and time in China as numbers; month is 1-based. */
export function getChinaWallClock(date: Date | string): ChinaWallClock {
  const parts = Object.fromEntries(wallClockFormat.formatToParts(toDate(date)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The calendar day in China, "2026-12-07" (due dates, file names); today when no date is given. */
export function getChinaDay(date: Date | string = new Date()): string {
  const t = getChinaWallClock(date);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}

/** "2026-12-07 03:55" (or with seconds): the reports' and audit log's form; "" for an invalid date. */
export function formatChinaDateTime(date: Date | string, options: { seconds?: boolean } = {}): string {
  const d = toDate(date);
  if (Number.isNaN(d.getTime())) return "";
  const t = getChinaWallClock(d);
  const time = `${pad(t.hour)}:${pad(t.minute)}${options.seconds ? `:${pad(t.second)}` : ""}`;
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${time}`;
}

/** "2026年12月7日 03:55", as cadres read a date and time in running text. */
export function formatChinaTime(date: Date | string): string {
  const t = getChinaWallClock(date);
  return `${t.year}年${t.month}月${t.day}日 ${pad(t.hour)}:${pad(t.minute)}`;
}

/** "2026年12月7日". */
export function formatChinaDate(date: Date | string): string {
  const t = getChinaWallClock(date);
  return `${t.year}年${t.month}月${t.day}日`;
}

/** "12月7日": a date inside a table whose year is plain from context. */
export function formatChinaMonthDay(date: Date | string): string {
  const t = getChinaWallClock(date);
  return `${t.month}月${t.day}日`;
}
