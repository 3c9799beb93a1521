import { z } from "zod";
import { slugSchema } from "../content/schema";
import { idParamSchema } from "./admin";

export const PERSON_STATES = ["not-started", "in-progress", "completed", "overdue"] as const;
export type PersonState = (typeof PERSON_STATES)[number];
export const PERSON_STATE_LABELS: Record<PersonState, string> = {
  "not-started": "未开始",
  "in-progress": "进行中",
  completed: "已完成",
  overdue: "已逾期",
};

/** A person's state as the grid and the exports write it: 待通过测试 when only the test is missing. */
export function personStateText(row: { state: PersonState; awaitingTest: boolean }): string {
  return row.awaitingTest ? `${PERSON_STATE_LABELS[row.state]}（已读完，待通过测试）` : PERSON_STATE_LABELS[row.state];
}

export const PEOPLE_SORTS = ["account", "unit", "progress", "completed"] as const;

const pageSchema = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,5}$/, "页码无效")
  .transform(Number);

/** Query string of the dashboard: which unit's subtree and which material. */
export const dashboardQueryShape = { unit: idParamSchema, material: slugSchema };

/** Query string of the person × section grid and its exports. */
export const peopleQueryShape = {
  unit: idParamSchema,
  material: slugSchema,
  state: z.enum(PERSON_STATES),
  sort: z.enum(PEOPLE_SORTS),
  dir: z.enum(["asc", "desc"]),
  page: pageSchema,
};

export type PeopleQuery = {
  unit: number;
  material: string;
  state?: PersonState;
  sort: (typeof PEOPLE_SORTS)[number];
  dir: "asc" | "desc";
  page: number;
};

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;

/** Query string of GET /api/admin/progress/export: strict, an unknown or bad field is a 400. */
export const exportQuerySchema = z.strictObject({
  unit: idParamSchema,
  material: slugSchema,
  format: z.enum(EXPORT_FORMATS),
  /** The view exported as CSV (a workbook always holds both): the sub-unit roll-up or the grid. */
  view: z.enum(["rollup", "people"]).default("people"),
  state: z.enum(PERSON_STATES).optional(),
  sort: z.enum(PEOPLE_SORTS).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
});

/** A calendar day as a date input sends it, "2026-12-07" (a China date where it names one). */
export const daySchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "请选择日期")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "日期无效");

/** 测试次数上限: empty for unlimited, else a whole number from 1 to 99. */
export const maxAttemptsSchema = z
  .string()
  .trim()
  .regex(/^(|[1-9]\d?)$/, "测试次数上限请填写 1 至 99 的整数，不限次数请留空")
  .transform((value) => (value === "" ? null : Number(value)));

/** The assignment form (布置学习任务). */
export const assignmentFormSchema = z
  .strictObject({
    materialSlug: slugSchema,
    unitId: idParamSchema,
    startDate: daySchema,
    dueDate: daySchema,
    // Optional so that forms and callers written before the limit existed mean "unlimited".
    maxAttempts: maxAttemptsSchema.optional(),
    /** 需通过测试: a ticked checkbox sends "1"; absent means reading is enough. */
    requirePass: z
      .literal("1", { error: "需通过测试的选项无效" })
      .optional()
      .transform((value) => value === "1"),
  })
  .refine((value) => value.dueDate >= value.startDate, { path: ["dueDate"], message: "截止日期不能早于开始日期" });

/** What createAssignment takes: the form's output, where callers may leave 需通过测试 out (reading is enough). */
export type AssignmentInput = Omit<z.output<typeof assignmentFormSchema>, "requirePass"> & { requirePass?: boolean };

/** The form that sets an assignment's completion rule: "1" 读完并通过自测, "0" 读完即可. */
export const requirePassFormSchema = z.strictObject({
  requirePass: z.enum(["0", "1"], { error: "请选择完成要求" }).transform((value) => value === "1"),
});

/** The form that changes an assignment's 测试次数上限. */
export const attemptLimitFormSchema = z.strictObject({ maxAttempts: maxAttemptsSchema });

/** The reminder confirmation form: the count the administrator saw, and the unit they were viewing. */
export const reminderConfirmSchema = z.strictObject({
  confirmed: z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, "确认人数无效")
    .transform(Number),
  unit: idParamSchema.optional(),
});

/** Query string of the reminder confirmation page. */
export const reminderQueryShape = { unit: idParamSchema, page: pageSchema };

/** The 年度学时统计 export (app/api/admin/progress/hours): a unit's subtree, all years or one. */
export const hoursExportQuerySchema = z.strictObject({
  unit: idParamSchema,
  format: z.enum(EXPORT_FORMATS),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type HoursExportQuery = z.infer<typeof hoursExportQuerySchema>;
