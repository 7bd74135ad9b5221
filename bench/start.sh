#!/usr/bin/env bash
# Platform start -> /system/health 200, measured from process launch by polling every 5 ms.
# First start (empty data directory: bundles installed into the framework cache) and warm restart
# (data kept), N runs each; baseline in the same script: the JVM alone running an empty main.
# Usage: bench/start.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
JAR=$PWD/distribution/target/stratus.jar
[ -f "$JAR" ] || ./mvnw -q -B -DskipTests package
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
PORT=18180
now() { date +%s%N; }

measure() { # fresh|warm -> ms to health 200
  [ "$1" = fresh ] && rm -rf "$work/data"
  local t0=$(now)
  (cd "$work" && STRATUS_HTTP_PORT=$PORT STRATUS_AWS_PORT=14666 exec java -jar "$JAR" > "$work/out.log" 2>&1) &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/system/health"; do sleep 0.005; done
  local t1=$(now)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}
jvm() { # the JVM starting and stopping with nothing to do
  local t0=$(now); java -XX:TieredStopAtLevel=1 -version > /dev/null 2>&1; local t1=$(now)
  echo $(( (t1 - t0) / 1000000 ))
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "p50 %d ms  min %d ms  max %d ms  (n=%d)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'; }

measure fresh > /dev/null   # warm the page cache
echo "first start (empty data dir): $(for i in $(seq $RUNS); do measure fresh; done | stats)"
measure fresh > /dev/null
echo "restart (data kept):          $(for i in $(seq $RUNS); do measure warm; done | stats)"
echo "baseline, JVM alone (java -version): $(for i in $(seq $RUNS); do jvm; done | stats)"
grep -i "ready in" "$work/out.log" || true
