import type { PeopleQuery } from "../schemas/reports";

/** The dashboard of a unit's subtree for a material. */
export function dashboardHref(unitId: number, material: string): string {
  return `/admin/progress?${new URLSearchParams({ unit: String(unitId), material })}`;
}

/** The person × section grid with its filter, sort and page (defaults left out). */
export function peopleHref(query: Partial<PeopleQuery> & { unit: number; material: string }): string {
  const params = new URLSearchParams({ unit: String(query.unit), material: query.material });
  if (query.state) params.set("state", query.state);
  if (query.sort && query.sort !== "account") params.set("sort", query.sort);
  if (query.dir === "desc") params.set("dir", "desc");
  if (query.page && query.page > 1) params.set("page", String(query.page));
  return `/admin/progress/people?${params}`;
}

/** An export of the current view. */
export function exportHref(format: "csv" | "xlsx", view: "rollup" | "people", query: Partial<PeopleQuery> & { unit: number; material: string }): string {
  const params = new URLSearchParams({ unit: String(query.unit), material: query.material, format, view });
  if (query.state) params.set("state", query.state);
  if (query.sort && query.sort !== "account") params.set("sort", query.sort);
  if (query.dir === "desc") params.set("dir", "desc");
  return `/api/admin/progress/export?${params}`;
}

/** One reader's progress page. */
export function personHref(userId: number, material: string): string {
  return `/admin/progress/people/${userId}?${new URLSearchParams({ material })}`;
}

/** The confirmation step before a reminder is sent, for the unit being viewed. */
export function reminderHref(assignmentId: number, query: { unit?: number; page?: number } = {}): string {
  const params = new URLSearchParams();
  if (query.unit) params.set("unit", String(query.unit));
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return `/admin/assignments/${assignmentId}/remind${search ? `?${search}` : ""}`;
}

/** 年度学时统计 of a unit's subtree (person × year), all years. */
export function hoursExportHref(format: "csv" | "xlsx", unit: number): string {
  return `/api/admin/progress/hours?${new URLSearchParams({ unit: String(unit), format })}`;
}

/** The self-test item analysis of a unit's subtree for a material. */
export function itemAnalysisHref(unitId: number, material: string): string {
  return `/admin/progress/quiz?${new URLSearchParams({ unit: String(unitId), material })}`;
}
