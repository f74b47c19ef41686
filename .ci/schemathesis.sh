#!/usr/bin/env bash
# The OpenAPI document is a contract: validate it, then fuzz the running app with
# schemathesis (from PyPI, pinned in .ci/requirements.txt) on one backend, as a
# member and as an admin. Fails on any 5xx and any conformance failure.
#
#   .ci/schemathesis.sh sqlite
#   .ci/schemathesis.sh postgres   (a fresh database on 127.0.0.1:5432, dropped after)
#
# Needs `target/debug/ideashelf` (cargo build) and a Python with the pinned tools
# on PATH (.ci/run makes a venv). Bounded: EXAMPLES examples per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:?sqlite or postgres}
examples=${EXAMPLES:-25}
bin=target/debug/ideashelf
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
db_args=()
if [ "$backend" = postgres ]; then
    db="ideashelf_fuzz_$$"
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
    db_args=(--database-url "postgres://postgres@127.0.0.1:5432/$db")
fi
cleanup() {
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    [ "$backend" = postgres ] && psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres || true
    rm -rf "$work"
}
trap cleanup EXIT

# Sign-in and write limits off: the fuzzer signs in and writes far more often than a person would.
IDEASHELF_AUTH_RATE_PER_MINUTE=0 IDEASHELF_WRITE_LIMITS=off IDEASHELF_JOBS_INTERVAL=0 RUST_LOG=warn \
    "$bin" serve --demo --bind "127.0.0.1:$port" --data-dir "$work/data" "${db_args[@]}" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "$base/api/v1/openapi.json" -o "$work/openapi.json" && break; sleep 0.5; done
[ -s "$work/openapi.json" ] || { cat "$work/server.log"; exit 1; }

echo "-- the document validates (OpenAPI 3.1)"
python3 -m openapi_spec_validator "$work/openapi.json"

token() {
    curl -sf -H 'content-type: application/json' -d "{\"login\":\"$1\",\"password\":\"demo-password\"}" \
        "$base/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

status=0
for who in anna admin; do
    echo "-- schemathesis as $who on $backend ($examples examples per operation)"
    # Signing out (or everywhere) would end the fuzzer's own session half way.
    if ! schemathesis --config-file .ci/schemathesis.toml run "$work/openapi.json" --url "$base" \
        -H "Authorization: Bearer $(token "$who")" \
        --max-examples "$examples" --workers 1 --checks all \
        --exclude-path /api/v1/auth/logout --exclude-path /api/v1/auth/logout-everywhere \
        --request-timeout 30 --no-color; then
        status=1
    fi
done
if grep -q "panicked" "$work/server.log"; then
    echo "the server panicked:"; grep -A5 panicked "$work/server.log"; status=1
fi
exit $status
