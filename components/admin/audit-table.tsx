import type { AuditEntry } from "@/lib/audit-log";
import { formatChinaDateTime } from "@/lib/china-time";
import { TableScroll, tdClass, thClass } from "./table-scroll";

/** The audit log: 时间 (Beijing time, UTC in the markup), 操作者, 操作, 对象, IP, 详情. */
export function AuditTable({ entries, caption }: { entries: AuditEntry[]; caption: string }) {
  return (
    <TableScroll label="审计日志（可横向滚动）">
      <table className="w-full min-w-[56rem] border-collapse text-base">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>时间（北京时间）</th>
            <th scope="col" className={thClass}>操作者</th>
            <th scope="col" className={thClass}>操作</th>
            <th scope="col" className={thClass}>对象</th>
            <th scope="col" className={thClass}>IP</th>
            <th scope="col" className={thClass}>详情</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className={`${tdClass} whitespace-nowrap`}>
                <time dateTime={entry.createdAt.toISOString()} title={`UTC ${entry.createdAt.toISOString()}`}>
                  {formatChinaDateTime(entry.createdAt, { seconds: true })}
                </time>
              </td>
              <td className={tdClass}>
                {entry.actor ? (
                  entry.actor.name ? (
                    <>
                      {entry.actor.name}
                      <span className="text-stone-600">（账号 {entry.actor.account}）</span>
                    </>
                  ) : (
                    <span>账号 {entry.actor.account}</span>
                  )
                ) : (
                  <span className="text-stone-600">（未登录）</span>
                )}
              </td>
              <th scope="row" className={`${tdClass} whitespace-nowrap text-left font-medium`}>
                {entry.actionLabel}
              </th>
              <td className={tdClass}>{entry.target?.label ?? "—"}</td>
              <td className={`${tdClass} font-mono text-sm`}>{entry.ip ?? "—"}</td>
              <td className={`${tdClass} text-sm`}>
                {entry.details.length ? (
                  <dl className="grid grid-cols-[auto_1fr] gap-x-2">
                    {entry.details.map((item) => (
                      <div key={item.key} className="contents">
                        <dt className="text-stone-600">{item.label}</dt>
                        <dd className="break-all">{item.value}</dd>
                      </div>
                    ))}
                  </dl>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
