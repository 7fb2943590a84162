#!/usr/bin/env bash
# Gateway overhead benchmark: wrk against a trivial downstream (WireMock standalone answering a
# fixed JSON) directly, then through the gateway with JWT validation and Redis rate limiting on.
#
#   bench/gateway.sh            # needs: built jars (make build), wrk, PostgreSQL + Redis on localhost
#   DURATION=30s CONNECTIONS=64 ACTIVITY=true bench/gateway.sh
#   GATEWAY_JAVA_OPTS=-XX:StartFlightRecording=filename=bench/out/gw.jfr bench/gateway.sh  # profile
#
# Ports: WireMock 18081, auth-server 19000, gateway 18080 (management 18180); logs in bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-$(bin/find-jdk)}
JAVA="$JAVA_HOME/bin/java"
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ACTIVITY=${ACTIVITY:-false}
OUT=bench/out
mkdir -p "$OUT"
WIREMOCK_VERSION=3.13.2
WIREMOCK_JAR=$HOME/.m2/repository/org/wiremock/wiremock-standalone/$WIREMOCK_VERSION/wiremock-standalone-$WIREMOCK_VERSION.jar
[ -f "$WIREMOCK_JAR" ] || ./mvnw -B -q -ntp dependency:get -Dartifact=org.wiremock:wiremock-standalone:$WIREMOCK_VERSION
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_http() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 1; done; echo "timeout waiting for $1" >&2; exit 1; }

psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='paystream_bench'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "create database paystream_bench"

mkdir -p "$OUT/wiremock/mappings"
cat > "$OUT/wiremock/mappings/any.json" <<'JSON'
{"request": {"method": "ANY", "urlPattern": "/.*"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
              "body": "{\"paymentId\":\"0190c1de-0000-7000-8000-000000000000\",\"status\":\"RECEIVED\"}"}}
JSON
"$JAVA" -jar "$WIREMOCK_JAR" --port 18081 --root-dir "$OUT/wiremock" --no-request-journal \
  --async-response-enabled false >"$OUT/wiremock.log" 2>&1 &
pids+=($!)
SPRING_PROFILES_ACTIVE=dev PAYSTREAM_AUTH_ISSUER_URI=http://127.0.0.1:19000 \
  PAYSTREAM_DB_URL=jdbc:postgresql://127.0.0.1:5432/paystream_bench \
  "$JAVA" -jar auth-server/target/auth-server-*.jar --server.port=19000 >"$OUT/auth-server.log" 2>&1 &
pids+=($!)
wait_http http://127.0.0.1:18081/__admin/health
wait_http http://127.0.0.1:19000/oauth2/jwks
# shellcheck disable=SC2086
"$JAVA" ${GATEWAY_JAVA_OPTS:-} -jar gateway/target/gateway-*.jar --server.port=18080 --management.server.port=18180 \
  --paystream.gateway.security.issuer-uri=http://127.0.0.1:19000 \
  --paystream.gateway.downstream.payment-api=http://127.0.0.1:18081 \
  --paystream.gateway.activity.enabled="$ACTIVITY" ${GATEWAY_ARGS:-} \
  --paystream.gateway.rate-limit.tiers.internal.client.rate=1000000 \
  --paystream.gateway.rate-limit.tiers.internal.client.burst=1000000 \
  --paystream.gateway.rate-limit.tiers.internal.merchant.rate=1000000 \
  --paystream.gateway.rate-limit.tiers.internal.merchant.burst=1000000 \
  >"$OUT/gateway.log" 2>&1 &
pids+=($!)
wait_http http://127.0.0.1:18180/actuator/health/readiness

TOKEN=$(curl -fsS -u pos-simulator:dev-simulator-secret -d grant_type=client_credentials \
  -d scope=payments:read http://127.0.0.1:19000/oauth2/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
URL_PATH=/v1/payments/0190c1de-0000-7000-8000-000000000000
curl -fsS -D "$OUT/headers.txt" -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18080$URL_PATH"
grep -i '^x-ratelimit' "$OUT/headers.txt" || true

run() { # name url [header]
  local name=$1 url=$2; shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null
  echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" | tee "$OUT/$name.txt"
}
run direct "http://127.0.0.1:18081$URL_PATH"
run gateway "http://127.0.0.1:18080$URL_PATH" -H "Authorization: Bearer $TOKEN"
curl -fsS -D "$OUT/headers.txt" -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18080$URL_PATH"
echo "rate-limit decided by: $(grep -i '^x-ratelimit-source' "$OUT/headers.txt" | tr -d '\r')"
curl -fsS http://127.0.0.1:18180/actuator/prometheus | grep -E '^paystream_gateway_ratelimit_fallback' || true
