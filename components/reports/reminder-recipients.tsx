import { TableScroll, tdClass, thClass } from "../admin/table-scroll";

type Props = { recipients: Array<{ id: number; name: string; account: string; unitName: string }>; page: number; pageCount: number };

/** One page of the readers a reminder will reach: 姓名, 账号, 单位. */
export function ReminderRecipients({ recipients, page, pageCount }: Props) {
  return (
    <TableScroll label="提醒名单">
      <table className="w-full border-collapse text-base">
        <caption className="sr-only">{`提醒名单，第 ${page} / ${pageCount} 页`}</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>
              姓名
            </th>
            <th scope="col" className={thClass}>
              账号
            </th>
            <th scope="col" className={thClass}>
              单位
            </th>
          </tr>
        </thead>
        <tbody>
          {recipients.map((r) => (
            <tr key={r.id}>
              <th scope="row" className={`${tdClass} text-left font-medium`}>
                {r.name}
              </th>
              <td className={`${tdClass} font-mono`}>{r.account}</td>
              <td className={tdClass}>{r.unitName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
