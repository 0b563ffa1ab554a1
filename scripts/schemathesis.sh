#!/usr/bin/env bash
# Schema-driven fuzzing of the HTTP API with schemathesis: installs it into .tools/ if missing,
# starts the debug server on a demo SQLite database on a free loopback port, and runs every operation
# of /api/v1/openapi.json with a bounded number of generated examples and the checks
# `not_a_server_error` and `response_schema_conformance`: as a demo worker, the team endpoints again
# as the demo coordinator, the share endpoints again with the demo's live share token, logout and
# `DELETE /auth/sessions/{id}` alone (they end sessions: schemathesis's stateful phase feeds the
# listed session ids to the latter), and every operation once more with the token of a worker the
# command line deactivated (401 `account_disabled`). Then it stops the server.
# Exits non-zero when schemathesis finds a failure (its report is printed) or anything else fails.
#
#   scripts/schemathesis.sh
#   SCHEMATHESIS_EXAMPLES=500 SCHEMATHESIS_SEED=7 scripts/schemathesis.sh   # longer, other inputs
#   KEEP_FUZZ=1 scripts/schemathesis.sh         # keeps the database and the server log
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

SCHEMATHESIS_VERSION=4.32.5
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-100}"
SEED="${SCHEMATHESIS_SEED:-20261126}"
VENV="$TOOLS/schemathesis-venv"
SERVER="$ROOT/target/debug/peerline-server"

if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  step "pip install schemathesis==$SCHEMATHESIS_VERSION into .tools/schemathesis-venv"
  mkdir -p "$TOOLS"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
step "cargo build -p peerline-server"
cargo build --quiet -p peerline-server

FUZZ=$(mktemp -d)
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "${KEEP_FUZZ:-}" ]; then echo "kept $FUZZ (database, server.log)" >&2; else rm -rf "$FUZZ"; fi
}
trap stop_server EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
DB="sqlite://$FUZZ/fuzz.db"
# The demo prints its accounts and the live share link of one service user.
SHARE_TOKEN=$("$SERVER" demo --database-url "$DB" | sed -n 's|.*/s/\([A-Za-z0-9_-]*\).*|\1|p')
[ -n "$SHARE_TOKEN" ] || { echo "no share link in the output of peerline-server demo" >&2; exit 1; }
"$SERVER" serve --addr "127.0.0.1:$PORT" --database-url "$DB" --static-dir /nonexistent \
  >"$FUZZ/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -fsS "$BASE/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$FUZZ/server.log" >&2; exit 1; }
  sleep 0.1
done

# Bearer tokens of the demo accounts, all taken before fuzzing the login endpoint can lock it.
login() {
  curl -fsS -H 'content-type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"peerline-demo\"}" "$BASE/api/v1/auth/login" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
WORKER_TOKEN=$(login demo-worker-1)
COORDINATOR_TOKEN=$(login demo-coordinator)
LOGOUT_TOKEN=$(login demo-worker-2)
DISABLED_TOKEN=$(login demo-worker-2)
SESSIONS_TOKEN=$(login demo-coordinator)

CONFIG="$FUZZ/none.toml"
: >"$CONFIG"
# Run from the scratch directory: schemathesis keeps a cache in .schemathesis/ under the current one.
# One worker: with two, Python 3.11 here sometimes dies inside schemathesis with "SystemError: AST
# constructor recursion depth mismatch" (CPython's AST recursion counter is not thread-safe).
run() {
  (cd "$FUZZ" && "$VENV/bin/schemathesis" --config-file "$CONFIG" run "$BASE/api/v1/openapi.json" \
    --checks not_a_server_error,response_schema_conformance \
    --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 \
    --generation-database none --request-timeout 10 --no-color "$@")
}

status=0
SESSION_ENDING='^/api/v1/auth/(logout|sessions/\{id\})$'
step "schemathesis $SCHEMATHESIS_VERSION, $EXAMPLES examples per operation (seed $SEED): a worker, every operation but those that end sessions"
run -H "Authorization: Bearer $WORKER_TOKEN" --exclude-path-regex "$SESSION_ENDING" || status=1

step "schemathesis: the team endpoints as the coordinator"
run -H "Authorization: Bearer $COORDINATOR_TOKEN" --include-path-regex '^/api/v1/team/' \
  || status=1

# Random tokens only ever find the 404; the demo's live link gets the share answer checked too.
step "schemathesis: the share endpoints with the demo's live share token"
CONFIG="$FUZZ/share.toml"
printf '[parameters]\n"path.token" = "%s"\n' "$SHARE_TOKEN" >"$CONFIG"
run --include-path-regex '^/api/v1/share/' || status=1
CONFIG="$FUZZ/none.toml"

# Logout ends the session it is sent with: alone, with another worker's token; ending one of the
# caller's sessions by id, alone too.
step "schemathesis: logout"
run -H "Authorization: Bearer $LOGOUT_TOKEN" --include-path /api/v1/auth/logout || status=1
step "schemathesis: ending a session by its id"
run -H "Authorization: Bearer $SESSIONS_TOKEN" \
  --include-path-regex '^/api/v1/auth/sessions(/\{id\})?$' || status=1

# A deactivated worker's token: every operation (logout included) answers as the contract says.
step "schemathesis: every operation with a deactivated worker's token"
"$SERVER" deactivate-user --username demo-worker-2 --database-url "$DB" >/dev/null
run -H "Authorization: Bearer $DISABLED_TOKEN" || status=1

# A 500 is caught above; a panic or an error the server only logs is caught here.
if grep -qE 'panick| ERROR ' "$FUZZ/server.log"; then
  echo "the server logged errors during the run:" >&2
  grep -E 'panick| ERROR ' "$FUZZ/server.log" | head -20 >&2
  status=1
fi
exit "$status"
