#!/usr/bin/env bash
# Gateway overhead: GET /hello (examples/hello-web) through Stratus's HTTP gateway against a bare
# Jetty 12 handler answering the same bytes, both driven by wrk in this one script: throughput
# ratio at c=64 (goal >= 0.70) and added p99 latency at c=1 (goal <= 1 ms).
# Usage: bench/gateway.sh [seconds per run]   (needs wrk; uses this tree's distribution/target/stratus.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-15}
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
[ -f distribution/target/stratus.jar ] || ./mvnw -q -B -DskipTests verify -pl distribution -am
[ -f bench/target/classpath.txt ] || ./mvnw -q -B -f bench/pom.xml -DskipTests package
example=$(ls examples/hello-web/target/io.stratus.examples.hello.web-*.jar | head -1)

work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
HTTP=${STRATUS_HTTP_PORT:-18080}; AWS=${STRATUS_AWS_PORT:-14566}; BARE=19180
mkdir -p "$work/deploy"; cp "$example" "$work/deploy/"
(cd "$work" && STRATUS_HTTP_PORT=$HTTP STRATUS_AWS_PORT=$AWS STRATUS_LOG_LEVEL=WARN \
  exec java -jar "$OLDPWD/distribution/target/stratus.jar" > stratus.log 2>&1) &
URL=http://127.0.0.1:$HTTP/hello?name=bench
for i in $(seq 1 300); do
  curl -sf -o "$work/answer.html" "$URL" && break; sleep 0.1
done
[ -s "$work/answer.html" ] || { echo "GET /hello never answered:"; cat "$work/stratus.log"; exit 1; }
echo "GET /hello answers $(wc -c < "$work/answer.html") bytes of text/html"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.stratus.bench.BareJetty $BARE \
  "$(cat "$work/answer.html")" "text/html; charset=utf-8" > "$work/bare.log" 2>&1 &
for i in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:$BARE/hello?name=bench && break; sleep 0.1; done

run() { # name url connections threads -> prints "name p50 p99 rps non2xx"
  wrk -t"$4" -c"$3" -d5s "$2" > /dev/null   # warm-up (JIT)
  wrk -t"$4" -c"$3" -d"${SECS}s" --latency "$2" > "$work/$1.txt"
  awk -v n="$1" '
    function ms(v){ if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ {p50=ms($2)} /^ +99%/ {p99=ms($2)} /Requests\/sec/ {rps=$2}
    /Non-2xx/ {bad=$NF} END {printf "%s %.3f %.3f %.0f %s\n", n, p50, p99, rps, (bad==""?0:bad)}' "$work/$1.txt"
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
