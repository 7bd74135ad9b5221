#!/usr/bin/env bash
# Gateway overhead: GET /hello (examples/hello-web) through Stratus's HTTP gateway against a bare
# Jetty 12 handler answering the same bytes, both driven by wrk in this one script: throughput
# ratio at c=64 (goal >= 0.70) and added p99 latency at c=1 (goal <= 1 ms).
# Usage: bench/gateway.sh [seconds per run]   (needs wrk; uses this tree's distribution/target/stratus.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECS=${1:-15}
bench_header
bench_need_wrk
bench_need_jar
bench_need_classes
example=$(ls examples/hello-web/target/io.stratus.examples.hello.web-*.jar | head -1)

bench_init gateway
work=$BENCH_WORK
HTTP=${STRATUS_HTTP_PORT:-18080}; AWS=${STRATUS_AWS_PORT:-14566}; BARE=${BARE_PORT:-18180}
bench_start_stratus stratus distribution/target/stratus.jar "$AWS" "$HTTP" "$example"
URL=http://127.0.0.1:$HTTP/hello?name=bench
bench_wait "$URL" -f || { cat "$work/stratus/stratus.log"; exit 1; }
curl -sf -o "$work/answer.html" "$URL"
echo "GET /hello answers $(wc -c < "$work/answer.html") bytes of text/html"
java -cp "$(bench_classpath)" io.stratus.bench.BareJetty $BARE \
  "$(cat "$work/answer.html")" "text/html; charset=utf-8" > "$work/bare.log" 2>&1 &
BENCH_PIDS+=($!)
bench_wait "http://127.0.0.1:$BARE/hello?name=bench" -f

run() { # name url connections threads -> prints "name p50 p99 rps non2xx"
  wrk -t"$4" -c"$3" -d5s "$2" > /dev/null   # warm-up (JIT)
  local rps p50 p99 bad
  read -r rps p50 p99 bad _ < <(bench_wrk "$work/$1.txt" "$4" "$3" "$SECS" "$2")
  printf "%s %s %s %.0f %s\n" "$1" "$p50" "$p99" "$rps" "$bad"
}
printf "%-14s %10s %10s %10s %8s\n" run p50_ms p99_ms req/s non2xx
g1=$(run gateway-c1 "$URL" 1 1);   b1=$(run jetty-c1 "http://127.0.0.1:$BARE/hello?name=bench" 1 1)
g64=$(run gateway-c64 "$URL" 64 2); b64=$(run jetty-c64 "http://127.0.0.1:$BARE/hello?name=bench" 64 2)
for r in "$g1" "$b1" "$g64" "$b64"; do printf "%-14s %10s %10s %10s %8s\n" $r; done
echo
set -- $g1; gp50=$2; gp99=$3; set -- $b1; bp50=$2; bp99=$3
set -- $g64; grps=$4; set -- $b64; brps=$4
awk -v a="$gp50" -v b="$bp50" -v c="$gp99" -v d="$bp99" -v e="$grps" -v f="$brps" 'BEGIN {
  printf "c=1:  p50 +%.3f ms, p99 +%.3f ms added by the gateway (goal p99 <= +1 ms: %s)\n", a-b, c-d, (c-d <= 1 ? "met" : "MISSED")
  printf "c=64: throughput gateway/bare = %.2f (goal >= 0.70: %s)\n", e/f, (e/f >= 0.70 ? "met" : "MISSED") }'
