import { isValidElement, type ReactElement, type ReactNode } from "react";

/**
 * The charts are static markup: no state, no events, no client code. Rendered as React elements on
 * every dashboard request they cost more than the rest of the page (a few hundred SVG elements,
 * rendered on the server and then serialized again into the page's hydration payload). So they are
 * rendered once per set of figures into an HTML string by this small renderer, kept in a bounded
 * cache, and inserted as one element.
 *
 * Scope, on purpose: intrinsic elements, text, arrays, fragments and function components without
 * hooks. Text and attribute values are escaped exactly as React escapes them; a unit test checks the
 * output equals react-dom's renderToStaticMarkup for every chart, hostile labels included.
 */

// React's escapeTextForBrowser.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// SVG attributes React writes in kebab case; the rest of the camelCase ones (viewBox,
// preserveAspectRatio) are case-sensitive SVG names and stay as they are.
const KEBAB = new Set(["paintOrder", "fontSize", "fontWeight", "textAnchor", "strokeWidth", "strokeDasharray", "strokeLinejoin", "strokeLinecap", "dominantBaseline", "fillOpacity", "strokeOpacity"]);

function attributeName(name: string): string {
  if (name === "className") return "class";
  if (name === "htmlFor") return "for";
  return KEBAB.has(name) ? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : name;
}

type Props = Record<string, unknown> & { children?: ReactNode };

export function renderStaticMarkup(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string") return escape(node);
  if (typeof node === "number" || typeof node === "bigint") return escape(String(node));
  if (Array.isArray(node)) return node.map(renderStaticMarkup).join("");
  if (!isValidElement(node)) throw new TypeError("renderStaticMarkup: unsupported node");
  const element = node as ReactElement<Props>;
  const { type, props } = element;
  if (typeof type === "function") return renderStaticMarkup((type as (p: Props) => ReactNode)(props));
  if (typeof type !== "string") return renderStaticMarkup(props.children); // Fragment
  let attributes = "";
  for (const [name, value] of Object.entries(props)) {
    if (name === "children" || value === undefined || value === null || value === false) continue;
    if (name === "dangerouslySetInnerHTML" || name === "style" || typeof value === "function" || typeof value === "object") {
      throw new TypeError(`renderStaticMarkup: unsupported attribute ${name} on <${type}>`);
    }
    attributes += value === true ? ` ${attributeName(name)}=""` : ` ${attributeName(name)}="${escape(String(value))}"`;
  }
  return `<${type}${attributes}>${renderStaticMarkup(props.children)}</${type}>`;
}

const cache = new Map<string, string>();
const CACHE_SIZE = 500;

/**
 * A chart rendered once per distinct set of props (the figures change only when readers progress)
 * and inserted as one element. The markup is built only from escaped text (see renderStaticMarkup).
 */
export function StaticChart<P extends object>({ name, component: Component, props }: { name: string; component: (props: P) => ReactNode; props: P }) {
  const key = `${name}:${JSON.stringify(props)}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = renderStaticMarkup(<Component {...props} />);
    // Oldest first out: a Map iterates in insertion order.
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, html);
  }
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}
