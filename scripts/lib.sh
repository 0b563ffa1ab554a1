# shellcheck shell=bash
# Shared helpers for scripts/run and scripts/test: installing what a fresh machine lacks (skipping
# what is already there at the right version) and building the PWA. Sourced, never run.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS="$ROOT/.tools"                      # project-local tools (npm's binaryen), git-ignored
TRUNK_VERSION=0.22.1
BINARYEN_VERSION=132.0.0                  # its wasm-opt reports "version_132"; never Debian's binaryen
OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0      # server/tests/openapi.rs names it too
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A throwaway PostgreSQL 15 cluster in DIR on a free loopback port, run as the postgres user
# (PostgreSQL refuses to run as root); further arguments are server settings ("-c fsync=off").
# Exports PEERLINE_TEST_POSTGRES_URL (an admin URL: tests and tools create their databases from
# it) and sets PG_DATA for stop_throwaway_postgres, which the caller's EXIT trap should call.
PG_DATA=
start_throwaway_postgres() {
  local dir=$1 port
  shift
  port=$(free_port)
  mkdir -p "$dir" && chown postgres "$dir"
  PG_DATA="$dir/data"
  runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$PG_DATA" -A trust -U postgres >/dev/null
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DATA" -l "$dir/log" -w start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $*" >/dev/null
  export PEERLINE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
}
stop_throwaway_postgres() {
  if [ -n "$PG_DATA" ]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
    PG_DATA=
  fi
}

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

APT_UPDATED=
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "apt-get install ${missing[*]}"
  local sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  if [ -z "$APT_UPDATED" ]; then $sudo apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Everything needed to build the PWA and run the server.
setup_build_tools() {
  # node and npm: binaryen's wasm-opt and the e2e tooling come from npm (toolchain.md).
  have npm || apt_install nodejs
  have npm || apt_install npm
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || { step "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }

  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    step "cargo install trunk $TRUNK_VERSION (about 12 minutes on a fresh machine)"
    cargo install trunk --locked --version "$TRUNK_VERSION" --ignore-rust-version
  fi

  local wbg
  wbg=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]; then
    step "cargo install wasm-bindgen-cli $wbg"
    cargo install wasm-bindgen-cli --version "$wbg"
  fi

  if ! "$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version_${BINARYEN_VERSION%%.*}"; then
    step "npm install binaryen@$BINARYEN_VERSION into .tools/"
    mkdir -p "$TOOLS"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION"
  fi

  apt_install brotli
}

# Chromium, PostgreSQL and the e2e tooling, on top of the build tools.
setup_test_tools() {
  setup_build_tools
  apt_install chromium chromium-driver postgresql curl  # curl: scripts/schemathesis.sh
  apt_install python3-venv                             # schemathesis's venv
  # The outside validator of the OpenAPI document (server/tests/openapi.rs runs it).
  if [ "$("$TOOLS/openapi-venv/bin/pip" show openapi-spec-validator 2>/dev/null | sed -n 's/^Version: //p')" \
    != "$OPENAPI_SPEC_VALIDATOR_VERSION" ]; then
    step "pip install openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION into .tools/openapi-venv"
    mkdir -p "$TOOLS"
    python3 -m venv "$TOOLS/openapi-venv"
    "$TOOLS/openapi-venv/bin/pip" install --quiet --disable-pip-version-check \
      "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION"
  fi
  if [ ! -d "$ROOT/e2e/node_modules/@playwright/test" ] \
    || ! (cd "$ROOT/e2e" && npm ls --silent >/dev/null 2>&1); then
    step "npm ci in e2e/"
    (cd "$ROOT/e2e" && npm ci --silent --no-audit --no-fund)
  fi
}

# Release build of the PWA into dist/, then of the share page into dist/share/ and of the
# coordinator's build into dist/team/ (after the app's, whose build empties dist/), with .br and .gz
# siblings the server sends when accepted.
build_pwa() {
  step "trunk build --release"
  (cd "$ROOT" && cargo fetch --quiet && trunk build --release)
  step "trunk build --release (the share page, share/ into dist/share/)"
  (cd "$ROOT/share" && trunk build --release)
  step "trunk build --release (the coordinator's build, team/ into dist/team/)"
  (cd "$ROOT/team" && trunk build --release)
  step "precompressing dist/"
  find "$ROOT/dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \
    -o -name '*.webmanifest' -o -name '*.svg' -o -name '*.json' \) -print0 |
    while IFS= read -r -d '' file; do
      brotli -f -q 11 -o "$file.br" "$file"
      gzip -f -9 -k "$file"
    done
}

# The demo's output (stdin) with its share link and its invite link made whole URLs on the address
# $1 (host:port), so they can be opened as printed: "…: /s/TOKEN" becomes "…: http://$1/s/TOKEN",
# "…: /invite/CODE" "…: http://$1/invite/CODE".
with_share_url() {
  sed "s#: /\(s\|invite\)/\([A-Za-z0-9_-]*\)\$#: http://$1/\1/\2#"
}

# Sum of the brotli sizes of every file of the share page (dist/share/, icons included: all a
# service user's phone may download), in bytes; files without a .br sibling count as they are.
share_brotli_bytes() {
  find "$ROOT/dist/share" -type f ! -name '*.br' ! -name '*.gz' ! -name '.*' -print0 |
    while IFS= read -r -d '' file; do
      if [ -f "$file.br" ]; then stat -c %s "$file.br"; else stat -c %s "$file"; fi
    done | awk '{ total += $1 } END { print total + 0 }'
}

# Sum of the brotli sizes of the shipped wasm + js + css, in bytes.
shipped_brotli_bytes() {
  find "$ROOT/dist" -maxdepth 1 -type f \( -name '*.wasm.br' -o -name '*.js.br' -o -name '*.css.br' \) \
    -printf '%s\n' | awk '{ total += $1 } END { print total + 0 }'
}
