import zlib from "node:zlib";

// Who wrote a byte of shipped JavaScript. "unmapped" is bundler glue the source map points nowhere.
export type Category = "ours" | "framework" | "thirdParty" | "unmapped";
export type ByCategory = Record<Category, number>;

export type ScriptWeight = {
  url: string;
  /** `<script nomodule>`: legacy polyfills that modern browsers skip. */
  nomodule: boolean;
  rawBytes: number;
  gzipBytes: number;
  sourceMap: "used" | "missing";
  raw: ByCategory;
  gzip: ByCategory;
};

export type FontHit = { file: string; match: string };

export type PageWeight = {
  url: string;
  gzipLevel: number;
  method: string;
  html: { rawBytes: number; gzipBytes: number };
  css: Array<{ url: string; rawBytes: number; gzipBytes: number }>;
  scripts: ScriptWeight[];
  /** Scripts a modern browser loads (nomodule excluded). */
  js: { rawBytes: number; gzipBytes: number; raw: ByCategory; gzip: ByCategory };
  /** Gzip of every loaded chunk that contains any of our code: a ceiling for `js.gzip.ours`. */
  oursUpperBoundGzip: number;
  ourSources: Array<{ source: string; rawBytes: number }>;
  unattributedScripts: number;
  fonts: FontHit[];
};

const GZIP_LEVEL = 9;
// Packages that are the framework itself; react-dom ships inside next/dist/compiled, but a project
// that installs its own copy should still see it counted as framework.
const FRAMEWORK_PACKAGES = new Set(["next", "react", "react-dom", "scheduler", "styled-jsx", "@swc/helpers"]);
const FONT_PATTERNS = [
  /[^\s"'()]*\.(?:woff2?|ttf|otf|eot)\b/gi,
  /fonts\.(?:googleapis|gstatic)\.com/gi,
  /@font-face\s*\{[^}]*url\(/gi,
  /<link[^>]+as=["']?font\b[^>]*>/gi,
];

export const WEIGHT_METHOD =
  "JS = every <script src> in the HTML (nomodule excluded), fetched from the running server, minus the " +
  "sourceMappingURL comment the bench build adds. Raw bytes are attributed per mapping segment to the " +
  "segment's source-map source: node_modules/{next,react,react-dom,scheduler,styled-jsx,@swc/helpers} and " +
  "Turbopack's runtime = framework, other node_modules = third-party, other project files = ours. " +
  `Each chunk's gzip size (zlib level ${GZIP_LEVEL}) is split in proportion to those raw bytes.`;

function gzipSize(data: Buffer | string): number {
  return zlib.gzipSync(data, { level: GZIP_LEVEL }).length;
}

function createEmpty(): ByCategory {
  return { ours: 0, framework: 0, thirdParty: 0, unmapped: 0 };
}

function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'");
}

/** Scripts and stylesheets the HTML references, in document order, each once. */
function listAssets(html: string): { scripts: Array<{ src: string; nomodule: boolean }>; styles: string[] } {
  const scripts = new Map<string, boolean>();
  for (const [, attrs = ""] of html.matchAll(/<script\b([^>]*)>/gi)) {
    const src = /\ssrc=["']([^"']+)["']/i.exec(attrs)?.[1];
    if (src) scripts.set(decodeEntities(src), /\snomodule\b/i.test(attrs));
  }
  const styles = new Set<string>();
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const href = /\shref=["']([^"']+)["']/i.exec(tag)?.[1];
    if (href && /\srel=["']?stylesheet\b/i.test(tag)) styles.add(decodeEntities(href));
  }
  return { scripts: [...scripts].map(([src, nomodule]) => ({ src, nomodule })), styles: [...styles] };
}

async function fetchText(url: URL): Promise<string | undefined> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  return response.ok ? text : undefined;
}

/** Which side of the framework/ours line a source-map `sources` entry falls on. */
export function classifySource(source: string): Category {
  const path = source.replace(/^[a-z-]+:\/{2,3}/i, ""); // turbopack:///, webpack://
  if (path.startsWith("[turbopack]") || path.startsWith("[next]")) return "framework";
  const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) return FRAMEWORK_PACKAGES.has(pkg) || pkg.startsWith("@next/") ? "framework" : "thirdParty";
  if (path.startsWith("[project]/") || path.startsWith("./") || !path.startsWith("[")) return "ours";
  return "framework"; // other bundler-internal pseudo paths ([externals], …)
}

type RawSourceMap = {
  sources?: Array<string | null>;
  mappings?: string;
  sections?: Array<{ offset: { line: number; column: number }; map: RawSourceMap }>;
};

// A generated position and the `sources` entry it maps to (undefined: unmapped from here on).
type Segment = { line: number; column: number; source: string | undefined };

const BASE64 = new Map([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((c, i) => [c, i]));

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.get(char);
    if (digit === undefined) throw new Error(`invalid base64 VLQ character "${char}"`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

// Handles both plain maps and index maps ("sections"), which Turbopack may emit.
function collectSegments(map: RawSourceMap, lineOffset = 0, columnOffset = 0, out: Segment[] = []): Segment[] {
  for (const section of map.sections ?? []) {
    collectSegments(section.map, lineOffset + section.offset.line, section.offset.line === 0 ? columnOffset + section.offset.column : section.offset.column, out);
  }
  if (!map.mappings) return out;
  const sources = map.sources ?? [];
  let sourceIndex = 0;
  map.mappings.split(";").forEach((lineText, lineIndex) => {
    let column = 0;
    for (const segmentText of lineText.split(",")) {
      if (!segmentText) continue;
      const fields = decodeVlq(segmentText);
      column += fields[0] ?? 0;
      if (fields.length >= 4) sourceIndex += fields[1] ?? 0;
      const source = fields.length >= 4 ? (sources[sourceIndex] ?? undefined) : undefined;
      out.push({ line: lineOffset + lineIndex, column: column + (lineIndex === 0 ? columnOffset : 0), source });
    }
  });
  return out;
}

/** Raw UTF-8 bytes of `code` per category, plus per-source bytes of our own files. */
export function attributeBytes(code: string, map: RawSourceMap): { raw: ByCategory; ours: Map<string, number> } {
  const raw = createEmpty();
  const ours = new Map<string, number>();
  const byLine = new Map<number, Segment[]>();
  for (const segment of collectSegments(map)) {
    const list = byLine.get(segment.line) ?? [];
    list.push(segment);
    byLine.set(segment.line, list);
  }
  code.split("\n").forEach((line, lineIndex) => {
    const segments = (byLine.get(lineIndex) ?? []).sort((x, y) => x.column - y.column);
    // A mapping covers the text up to the next mapping on the same line; text before the first is unmapped.
    const starts = [{ column: 0, source: undefined as string | undefined }, ...segments];
    starts.forEach((segment, i) => {
      const end = starts[i + 1]?.column ?? line.length;
      if (end <= segment.column) return;
      const bytes = Buffer.byteLength(line.slice(segment.column, end));
      const category = segment.source === undefined ? "unmapped" : classifySource(segment.source);
      raw[category] += bytes;
      if (category === "ours" && segment.source) ours.set(segment.source, (ours.get(segment.source) ?? 0) + bytes);
    });
    raw.unmapped += lineIndex > 0 ? 1 : 0; // the newline itself
  });
  return { raw, ours };
}

function splitGzip(gzipBytes: number, raw: ByCategory): ByCategory {
  const total = Object.values(raw).reduce((n, v) => n + v, 0);
  const out = createEmpty();
  for (const key of Object.keys(out) as Category[]) out[key] = total > 0 ? Math.round((gzipBytes * raw[key]) / total) : 0;
  return out;
}

function findFonts(file: string, text: string): FontHit[] {
  return FONT_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => ({ file, match: m[0].slice(0, 120) })));
}

async function measureScript(url: URL, nomodule: boolean, ourSources: Map<string, number>): Promise<ScriptWeight> {
  const original = (await fetchText(url)) ?? "";
  if (!original) throw new Error(`script ${url.pathname} could not be fetched`);
  // The bench build adds this comment only because it enables source maps; production has none.
  const comment = /\n?\/\/# sourceMappingURL=(\S+)\s*$/.exec(original);
  const code = comment ? original.slice(0, comment.index) : original;
  const gzipBytes = gzipSize(code);
  const mapText = comment?.[1] ? await fetchText(new URL(comment[1], url)) : undefined;
  let raw = { ...createEmpty(), unmapped: Buffer.byteLength(code) };
  if (mapText) {
    const attributed = attributeBytes(code, JSON.parse(mapText) as RawSourceMap);
    raw = attributed.raw;
    if (!nomodule) for (const [source, bytes] of attributed.ours) ourSources.set(source, (ourSources.get(source) ?? 0) + bytes);
  }
  return {
    url: url.pathname,
    nomodule,
    rawBytes: Buffer.byteLength(code),
    gzipBytes,
    sourceMap: mapText ? "used" : "missing",
    raw,
    gzip: splitGzip(gzipBytes, raw),
  };
}

/** Sizes the page's HTML, CSS and JavaScript, and says whose JavaScript it is. */
export async function measurePageWeight(origin: string, pagePath: string, html: Buffer): Promise<PageWeight> {
  const pageUrl = new URL(pagePath, origin);
  const htmlText = html.toString("utf8");
  const assets = listAssets(htmlText);
  const fonts = findFonts(pagePath, htmlText);
  const css = [];
  for (const href of assets.styles) {
    const url = new URL(href, pageUrl);
    const text = (await fetchText(url)) ?? "";
    css.push({ url: url.pathname, rawBytes: Buffer.byteLength(text), gzipBytes: gzipSize(text) });
    fonts.push(...findFonts(url.pathname, text));
  }
  const ourSources = new Map<string, number>();
  const scripts: ScriptWeight[] = [];
  for (const script of assets.scripts) scripts.push(await measureScript(new URL(script.src, pageUrl), script.nomodule, ourSources));

  const loaded = scripts.filter((s) => !s.nomodule);
  const js = { rawBytes: 0, gzipBytes: 0, raw: createEmpty(), gzip: createEmpty() };
  for (const script of loaded) {
    js.rawBytes += script.rawBytes;
    js.gzipBytes += script.gzipBytes;
    for (const key of Object.keys(js.raw) as Category[]) {
      js.raw[key] += script.raw[key];
      js.gzip[key] += script.gzip[key];
    }
  }
  return {
    url: pageUrl.pathname,
    gzipLevel: GZIP_LEVEL,
    method: WEIGHT_METHOD,
    html: { rawBytes: html.length, gzipBytes: gzipSize(html) },
    css,
    scripts,
    js,
    oursUpperBoundGzip: loaded.filter((s) => s.raw.ours > 0).reduce((n, s) => n + s.gzipBytes, 0),
    ourSources: [...ourSources].map(([source, rawBytes]) => ({ source, rawBytes })).sort((x, y) => y.rawBytes - x.rawBytes),
    unattributedScripts: loaded.filter((s) => s.sourceMap === "missing").length,
    fonts,
  };
}
