import Link from "next/link";
import { formatChinaDateTime } from "@/lib/china-time";
import type { MaterialSummary } from "@/lib/materials/store";
import { TableScroll, tdClass, thClass } from "../table-scroll";

export const STATUS_LABELS = { DRAFT: "草稿", PUBLISHED: "已发布", ARCHIVED: "已归档" } as const;

/** Who reads a material: the whole portal, or a unit and its subtree. */
export function audienceLabel(unitName: string | null): string {
  return unitName === null ? "全体" : `${unitName}及下级单位`;
}

/** The published materials an administrator manages, each linking to its management page. */
export function MaterialsTable({ materials }: { materials: MaterialSummary[] }) {
  return (
    <TableScroll label="学习材料列表（可横向滚动）">
      <table className="w-full min-w-[40rem] border-collapse text-base">
        <caption className="sr-only">您管理的学习材料</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>标题</th>
            <th scope="col" className={thClass}>状态</th>
            <th scope="col" className={thClass}>阅读范围</th>
            <th scope="col" className={thClass}>修订</th>
            <th scope="col" className={thClass}>更新时间</th>
          </tr>
        </thead>
        <tbody>
          {materials.map((material) => (
            <tr key={material.slug}>
              <th scope="row" className={`${tdClass} text-left font-medium`}>
                <Link href={`/admin/materials/${material.slug}`} className="text-red-800 underline underline-offset-4">
                  {material.title}
                </Link>
                <span className="block font-mono text-sm font-normal text-stone-600">{material.slug}</span>
              </th>
              <td className={`${tdClass} whitespace-nowrap`}>{STATUS_LABELS[material.status]}</td>
              <td className={tdClass}>{audienceLabel(material.audienceUnitName)}</td>
              <td className={`${tdClass} whitespace-nowrap`}>第 {material.revision} 版</td>
              <td className={`${tdClass} whitespace-nowrap`}>{formatChinaDateTime(material.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
