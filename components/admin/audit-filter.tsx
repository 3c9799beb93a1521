import Link from "next/link";
import { AUDIT_ACTION_LABELS } from "@/lib/audit-labels";
import type { AuditFilter as Filter } from "@/lib/schemas/audit";

const labelClass = "block text-sm font-medium text-stone-800";
const controlClass = "w-full rounded border border-stone-400 bg-white px-3 py-2 text-base text-stone-900";

/** Filter the audit log by China dates, operator, target account and action; a plain GET form. */
export function AuditFilter({ filter }: { filter: Filter }) {
  const active = Boolean(filter.from || filter.to || filter.operator || filter.target || filter.action);
  return (
    <form method="get" action="/admin/audit" aria-label="筛选审计日志" className="mb-4 rounded border border-stone-200 bg-white p-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <div className="space-y-1">
          <label htmlFor="filter-from" className={labelClass}>
            开始日期
          </label>
          <input id="filter-from" name="from" type="date" defaultValue={filter.from ?? ""} className={controlClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-to" className={labelClass}>
            结束日期
          </label>
          <input id="filter-to" name="to" type="date" defaultValue={filter.to ?? ""} className={controlClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-operator" className={labelClass}>
            操作者
          </label>
          <input id="filter-operator" name="operator" type="search" maxLength={50} defaultValue={filter.operator ?? ""} placeholder="账号或完整姓名" aria-describedby="filter-people-hint" className={controlClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-target" className={labelClass}>
            对象账号
          </label>
          <input id="filter-target" name="target" type="search" maxLength={50} defaultValue={filter.target ?? ""} placeholder="账号或完整姓名" aria-describedby="filter-people-hint" className={controlClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-action" className={labelClass}>
            操作
          </label>
          <select id="filter-action" name="action" defaultValue={filter.action ?? ""} className={controlClass}>
            <option value="">全部操作</option>
            {Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id="filter-people-hint" className="mt-2 text-sm text-stone-600">
        日期按北京时间，含开始和结束当天；操作者和对象账号填账号或完整姓名。
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-4">
        <button type="submit" className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
          筛选
        </button>
        {active ? (
          <Link href="/admin/audit" className="py-2 text-red-800 underline-offset-4 hover:underline">
            清除筛选
          </Link>
        ) : null}
      </div>
    </form>
  );
}
