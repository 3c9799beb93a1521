import { formatChinaDateTime } from "@/lib/china-time";
import { TableScroll, tdClass, thClass } from "../table-scroll";

type Revision = { revision: number; title: string; sections: number; createdAt: Date };

/** A material's revisions, newest first; earlier ones stay stored. */
export function RevisionsList({ revisions }: { revisions: Revision[] }) {
  return (
    <TableScroll label="修订记录（可横向滚动）">
      <table className="w-full min-w-[28rem] border-collapse text-base">
        <caption className="sr-only">修订记录</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>版本</th>
            <th scope="col" className={thClass}>标题</th>
            <th scope="col" className={thClass}>节数</th>
            <th scope="col" className={thClass}>时间</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((revision) => (
            <tr key={revision.revision}>
              <th scope="row" className={`${tdClass} whitespace-nowrap text-left font-medium`}>第 {revision.revision} 版</th>
              <td className={tdClass}>{revision.title}</td>
              <td className={`${tdClass} whitespace-nowrap`}>{revision.sections} 节</td>
              <td className={`${tdClass} whitespace-nowrap`}>{formatChinaDateTime(revision.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
