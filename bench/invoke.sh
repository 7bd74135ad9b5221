#!/usr/bin/env bash
# Warm Invoke latency: Stratus `lambda invoke` of examples/hello over HTTP against a bare Jetty 12
# handler that returns the same bytes, both driven by wrk in this one script.
# Usage: bench/invoke.sh [seconds per run]   (needs wrk; builds what it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-15}
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
[ -f distribution/target/stratus.jar ] || ./mvnw -q -B -DskipTests install
[ -f bench/target/classpath.txt ] || ./mvnw -q -B -f bench/pom.xml -DskipTests package

work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
HTTP=18080; AWS=14566; BARE=19090
mkdir -p "$work/deploy"; cp examples/hello/target/io.stratus.examples.hello-*.jar "$work/deploy/"
(cd "$work" && STRATUS_HTTP_PORT=$HTTP STRATUS_AWS_PORT=$AWS exec java -jar "$OLDPWD/distribution/target/stratus.jar" > stratus.log 2>&1) &
# every request on the AWS endpoint must be signed: wrk sends one URL presigned with the root key
for i in $(seq 1 300); do [ -s "$work/data/credentials" ] && break; sleep 0.1; done
[ -f bundles/io.stratus.iam/target/io.stratus.iam-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B -DskipTests verify -pl bundles/io.stratus.iam -am
SIGNER="bundles/io.stratus.iam/target/io.stratus.iam-0.1.0-SNAPSHOT.jar:bundles/io.stratus.aws/target/io.stratus.aws-0.1.0-SNAPSHOT.jar:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar"
URL=$(java -cp "$SIGNER" bench/iam/Presign.java POST "http://127.0.0.1:$AWS/2015-03-31/functions/hello/invocations" \
  lambda us-east-1 "$work/data/credentials" 604800 2>/dev/null)
for i in $(seq 1 300); do
  curl -sf -o "$work/answer.json" -X POST -d '{"name":"bench"}' "$URL" && break; sleep 0.1
done
ANSWER=$(cat "$work/answer.json"); echo "hello answers: $ANSWER"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.stratus.bench.BareJetty $BARE "$ANSWER" > "$work/bare.log" 2>&1 &
for i in $(seq 1 100); do curl -sf -o /dev/null -X POST -d '{}' http://127.0.0.1:$BARE/ && break; sleep 0.1; done

run() { # name url connections threads -> prints "p50 p99 rps"
  wrk -t"$4" -c"$3" -d5s -s bench/invoke.lua "$2" > /dev/null   # warm-up (JIT)
  wrk -t"$4" -c"$3" -d"${SECS}s" --latency -s bench/invoke.lua "$2" > "$work/$1.txt"
  awk -v n="$1" '
    function ms(v){ if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ {p50=ms($2)} /^ +99%/ {p99=ms($2)} /Requests\/sec/ {rps=$2}
    /Non-2xx/ {bad=$NF} END {printf "%s %.3f %.3f %.0f %s\n", n, p50, p99, rps, (bad==""?0:bad)}' "$work/$1.txt"
}
printf "%-14s %10s %10s %10s %8s\n" run p50_ms p99_ms req/s non2xx
results=()
for c in 1 4; do
  t=$(( c < 2 ? 1 : 2 ))
  s=$(run stratus-c$c "$URL" $c $t); b=$(run jetty-c$c "http://127.0.0.1:$BARE/" $c $t)
  printf "%-14s %10s %10s %10s %8s\n" $s; printf "%-14s %10s %10s %10s %8s\n" $b
  results+=("$s|$b")
done
echo
for r in "${results[@]}"; do
  IFS='|' read -r s b <<< "$r"
  set -- $s; sn=$1; sp50=$2; sp99=$3; srps=$4
  set -- $b; bp50=$2; bp99=$3; brps=$4
  awk -v n="$sn" -v a="$sp50" -v b="$bp50" -v c="$sp99" -v d="$bp99" -v e="$srps" -v f="$brps" 'BEGIN {
    printf "%s vs bare jetty: p50 x%.2f (+%.3f ms), p99 x%.2f (+%.3f ms), throughput x%.2f\n", n, a/b, a-b, c/d, c-d, e/f }'
done
