// The production server that `npm start` and `npm run demo` run: Next's request handler behind the
// portal's own node:http server (lib/server/). Usage: node --require tsx/cjs scripts/server.ts [-p port] [-H address]
import { runPortalServer } from "../lib/server/main";

void runPortalServer(process.argv.slice(2));
