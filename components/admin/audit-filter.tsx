import Link from "next/link";
import { AUDIT_ACTION_LABELS } from "@/lib/audit-log";

/** Filter the audit log by action; a plain GET form. */
export function AuditFilter({ action }: { action?: string }) {
  return (
    <form method="get" action="/admin/audit" aria-label="筛选审计日志" className="mb-4 flex flex-wrap items-end gap-3 rounded border border-stone-200 bg-white p-3">
      <div className="w-full space-y-1 sm:w-auto">
        <label htmlFor="filter-action" className="block text-sm font-medium text-stone-800">
          操作
        </label>
        <select id="filter-action" name="action" defaultValue={action ?? ""} className="w-full rounded border border-stone-400 bg-white px-3 py-2 text-base sm:w-56">
          <option value="">全部操作</option>
          {Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
        筛选
      </button>
      {action ? (
        <Link href="/admin/audit" className="py-2 text-red-800 underline-offset-4 hover:underline">
          清除筛选
        </Link>
      ) : null}
    </form>
  );
}
