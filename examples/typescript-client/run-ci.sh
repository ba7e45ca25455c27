#!/usr/bin/env bash
# The example client against the built app: install the example's packages, regenerate its types
# from the checked-in openapi.json, typecheck it, start dist/main.js (run `npm run build` first) on a
# free port with a fresh embedded database, run the scenario, and stop the app.
# Exits non-zero when any of it fails.
set -euo pipefail
example="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$example/../.." && pwd)"

echo "install"
(cd "$example" && npm ci --no-audit --no-fund --loglevel=error)
echo "generate src/schema.d.ts from openapi.json"
(cd "$example" && npm run -s generate)
# tsc checks the scenario against the fresh types (strict, no casts to hide behind) and compiles it.
echo "typecheck and compile"
(cd "$example" && npm run -s build)

if [ ! -f "$root/dist/main.js" ]; then
  echo "dist/main.js is missing: run npm run build first" >&2
  exit 1
fi

data_dir=$(mktemp -d)
app=""
stop_app() {
  if [ -n "$app" ] && kill -0 "$app" 2>/dev/null; then kill -TERM "$app"; wait "$app" || true; fi
  rm -rf "$data_dir"
}
trap stop_app EXIT

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
echo "start the built app on 127.0.0.1:$port (embedded database)"
# An empty DATABASE_URL means the embedded database, even when a local .env names a server.
cd "$root"
# Private targets allowed: the scenario receives a webhook on 127.0.0.1 (an on-premises setting).
DATABASE_URL= WEBHOOKS_ALLOW_PRIVATE_TARGETS=true PORT="$port" HOST=127.0.0.1 DATA_DIR="$data_dir" LOG_LEVEL=error node dist/main.js &
app=$!
ready=""
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 "$app" 2>/dev/null || break
  sleep 1
done
if [ -z "$ready" ]; then
  echo "the app did not become ready" >&2
  exit 1
fi

echo "scenario"
TRUSTPATH_URL="http://127.0.0.1:$port" node "$example/build/scenario.js"

kill -TERM "$app"
if ! wait "$app"; then
  app=""
  echo "the app did not shut down cleanly" >&2
  exit 1
fi
app=""
