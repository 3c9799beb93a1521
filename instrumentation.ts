// Runs once when a server process starts (Next.js instrumentation hook).
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself, not configuration; the database needs the Node.js runtime.
  // Next also compiles this file for the Edge runtime, and replaces NEXT_RUNTIME with "edge" there:
  // keeping every Node.js API behind this condition, in a module imported only here, lets Turbopack
  // drop it from the Edge build instead of warning that process.exit is not supported there.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNodeServer } = await import("./instrumentation-node");
    await registerNodeServer();
  }
}
