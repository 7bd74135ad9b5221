#!/usr/bin/env bash
# Scheduler: N rules of rate(1 minute) with a trivial Lambda target on the real platform started
# in-process from stratus.jar (io.stratus.launcher.SchedulerBench): lateness of each tick (handler
# start - due) p50/p99, exactly-once count, and CPU per minute against the idle platform.
# Usage: bench/scheduler.sh [rules=10000] [minutes=3] [idle-seconds=30]   (full log: bench/target/scheduler.log)
set -euo pipefail
cd "$(dirname "$0")/.."
RULES=${1:-10000}; MINUTES=${2:-3}; IDLE=${3:-30}
JAR=distribution/target/stratus.jar
[ -f "$JAR" ] || ./mvnw -q -B -DskipTests install
./mvnw -q -B -f bench/pom.xml -DskipTests package
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
log=bench/target/scheduler.log
java -cp "bench/target/classes:$JAR" io.stratus.launcher.SchedulerBench "$RULES" "$MINUTES" "$IDLE" > "$log" 2>&1 || { tail -40 "$log"; exit 1; }
# the platform's own INFO lines, and the warning each rule logs once when the framework stops the
# function before the scheduler, stay in the log
grep -v ' INFO : ' "$log" | grep -v 'could not run target' || true
