import Link from "next/link";
import type { UnitNode } from "@/lib/units";

function countSubtree(node: UnitNode): number {
  return node.children.reduce((sum, child) => sum + countSubtree(child), node.userCount);
}

const linkClass = "text-red-800 underline-offset-4 hover:underline";

function UnitItem({ node, canEdit }: { node: UnitNode; canEdit: boolean }) {
  const total = countSubtree(node);
  return (
    <li>
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 rounded border border-stone-200 bg-white px-3 py-2">
        <span className="min-w-0 break-words font-medium text-stone-900">{node.name}</span>
        <span className="text-sm text-stone-600">
          编码 <code className="font-mono">{node.code}</code>
        </span>
        <span className="text-sm text-stone-600">
          本级 {node.userCount} 人{node.children.length ? `，含下级共 ${total} 人` : ""}
        </span>
        <span className="flex flex-wrap gap-x-3 text-sm sm:ml-auto">
          <Link href={`/admin/users?unit=${node.id}`} className={linkClass}>
            查看账号<span className="sr-only">：{node.name}</span>
          </Link>
          {canEdit ? (
            <>
              <Link href={`/admin/units/${node.id}/edit`} className={linkClass}>
                编辑<span className="sr-only">：{node.name}</span>
              </Link>
              <Link href={`/admin/units/new?parent=${node.id}`} className={linkClass}>
                新建下级单位<span className="sr-only">：{node.name}</span>
              </Link>
            </>
          ) : null}
        </span>
      </div>
      {node.children.length ? (
        <ul className="ml-2 mt-2 space-y-2 border-l-2 border-stone-200 pl-3 sm:ml-4 sm:pl-4">
          {node.children.map((child) => (
            <UnitItem key={child.id} node={child} canEdit={canEdit} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The unit tree as nested lists; system administrators get edit and add links. */
export function UnitTree({ roots, canEdit, label }: { roots: UnitNode[]; canEdit: boolean; label: string }) {
  return (
    <ul aria-label={label} className="space-y-2">
      {roots.map((node) => (
        <UnitItem key={node.id} node={node} canEdit={canEdit} />
      ))}
    </ul>
  );
}
