#!/usr/bin/env bash
# Platform start -> /system/health 200, measured from process launch; polled every 5 ms with bash
# built-ins only (no curl or sleep processes competing with the JVM for the 2 cores).
# First start (empty data directory: bundles installed into the framework cache) and restart
# (data kept), N runs each; baseline in the same script: the JVM alone (java -version).
# Then where the time goes: StartPhases starts the platform in-process the way the launcher does
# and prints each phase with its wall time and loaded classes (first start, then restart).
# Usage: bench/start.sh [runs]     (JAVA_OPTS, if set, go to the platform's JVM, e.g. to try CDS)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
JAR=$PWD/distribution/target/stratus.jar
[ -f "$JAR" ] || ./mvnw -q -B -DskipTests install
[ -f bench/target/classes/io/stratus/launcher/StartPhases.class ] || ./mvnw -q -B -f bench/pom.xml -DskipTests package
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
PORT=18180; AWS=14666
mkfifo "$work/never"; exec 9<>"$work/never"
pause() { read -r -t "$1" -u 9 _ || true; }   # sleeps without starting a process
micros() { local t=${EPOCHREALTIME/[.,]/}; echo $((10#$t)); }

healthy() { # one GET /system/health over bash's /dev/tcp: true on 200
  local status=""
  { exec 8<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 1
  printf 'GET /system/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&8
  read -r -t 2 -u 8 _ status _ || true
  exec 8<&-
  [ "$status" = 200 ]
}

measure() { # fresh|warm -> ms from launch to health 200
  [ "$1" = fresh ] && rm -rf "$work/data"
  local t0; t0=$(micros)
  (cd "$work" && STRATUS_HTTP_PORT=$PORT STRATUS_AWS_PORT=$AWS exec java ${JAVA_OPTS:-} -jar "$JAR" > "$work/out.log" 2>&1) &
  local pid=$!
  until healthy; do
    if ! kill -0 $pid 2>/dev/null || (( $(micros) - t0 > 60000000 )); then
      echo "stratus did not become ready:" >&2; cat "$work/out.log" >&2; exit 1
    fi
    pause 0.005
  done
  local t1; t1=$(micros)
  # the launcher's own figure (from the process start time the kernel reports), printed once its
  # own 25 ms poll sees the 200: wait for it before stopping
  until grep -q 'ready in' "$work/out.log"; do pause 0.01; done
  kill -TERM $pid; wait $pid 2>/dev/null || true
  grep -o 'ready in [0-9.]* s' "$work/out.log" | awk '{printf "%d ", $3 * 1000}' >> "$work/banner"
  echo $(( (t1 - t0) / 1000 ))
}
jvm() { # the JVM starting and stopping with nothing to do
  local t0; t0=$(micros); java -version > /dev/null 2>&1; local t1; t1=$(micros)
  echo $(( (t1 - t0) / 1000 ))
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "p50 %d ms  min %d ms  max %d ms  (n=%d)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
banner() { tr ' ' '\n' < "$work/banner" | grep . | stats; rm -f "$work/banner"; }

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)${JAVA_OPTS:+, JAVA_OPTS=$JAVA_OPTS}"
measure fresh > /dev/null; rm -f "$work/banner"   # warm the page cache
fresh=$(for i in $(seq "$RUNS"); do measure fresh; done | stats); fresh_banner=$(banner)
measure fresh > /dev/null; rm -f "$work/banner"
warm=$(for i in $(seq "$RUNS"); do measure warm; done | stats); warm_banner=$(banner)
base=$(for i in $(seq "$RUNS"); do jvm; done | stats)
echo "first start (empty data dir):        $fresh"
echo "restart (data kept):                 $warm"
echo "baseline, JVM alone (java -version): $base"
echo "the banner's own 'ready in': first start $fresh_banner; restart $warm_banner"

CP="bench/target/classes:$JAR"
java ${JAVA_OPTS:-} -cp "$CP" io.stratus.launcher.StartPhases "$work/phases" 2>&1 | sed -n '/^== /,$p' | grep -v ' INFO : '
java ${JAVA_OPTS:-} -cp "$CP" io.stratus.launcher.StartPhases "$work/phases" 2>&1 | sed -n '/^== /,$p' | grep -v ' INFO : '
