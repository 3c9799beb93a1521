// The baseline: the cheapest possible Node HTTP server answering with the same bytes as Next.
// Run as its own process (see startBareServer) so that it can be pinned to the servers' core.
// Usage: bare-server.ts <port> <body file> <content-type>
import fs from "node:fs";
import http from "node:http";

const [portArg, bodyFile, contentType] = process.argv.slice(2);
if (!portArg || !bodyFile || !contentType) {
  console.error("usage: bare-server.ts <port> <body file> <content-type>");
  process.exit(2);
}

const body = fs.readFileSync(bodyFile);
const headers = { "Content-Type": contentType, "Content-Length": String(body.length) };

const server = http.createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});

server.listen(Number(portArg), "127.0.0.1", () => {
  console.log(`bare server listening on 127.0.0.1:${portArg} (${body.length} bytes, ${contentType})`);
});

// Stop cleanly so the runner's SIGTERM needs no SIGKILL follow-up.
process.on("SIGTERM", () => server.close(() => process.exit(0)));
