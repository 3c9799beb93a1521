import { buildUnitTree, type UnitNode, type UnitSummary } from "@/lib/units";
import type { SelectOption } from "../forms/field";

// An ideographic space survives HTML whitespace collapsing inside <option>, so depth stays visible.
const INDENT = "\u3000";

/**
 * Units as select options in tree order, indented by depth. `excludePath` drops a unit and its
 * whole subtree (a unit cannot move under itself).
 */
export function toUnitOptions(units: UnitSummary[], options: { excludePath?: string } = {}): SelectOption[] {
  const { excludePath } = options;
  const kept = excludePath ? units.filter((unit) => !unit.path.startsWith(excludePath)) : units;
  const out: SelectOption[] = [];
  const minDepth = Math.min(...kept.map((unit) => unit.depth));
  const visit = (nodes: UnitNode[]) => {
    for (const node of nodes) {
      const level = node.depth - minDepth;
      out.push({ value: String(node.id), label: `${INDENT.repeat(level)}${level > 0 ? "└ " : ""}${node.name}（${node.code}）` });
      visit(node.children);
    }
  };
  visit(buildUnitTree(kept));
  return out;
}
