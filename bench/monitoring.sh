#!/usr/bin/env bash
# Monitoring overhead: warm Invoke throughput of hello with the monitoring bundle active vs stopped,
# alternating rounds in one process (io.stratus.launcher.MonitoringBench on the real platform from
# stratus.jar), then durable log writes through PutLogEvents in lines/s.
# Usage: bench/monitoring.sh [seconds per round=10] [rounds=3] [clients=4]  (full log: bench/target/monitoring.log)
# STRATUS_JAR=<path> measures another build's stratus.jar (e.g. main's) with the same script.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-10}; ROUNDS=${2:-3}; CLIENTS=${3:-4}
JAR=${STRATUS_JAR:-distribution/target/stratus.jar}
hello() { ls examples/hello/target/io.stratus.examples.hello-*.jar 2>/dev/null | head -1; }
[ -f "$JAR" ] && [ -n "$(hello)" ] || ./mvnw -q -B -DskipTests install
./mvnw -q -B -f bench/pom.xml -DskipTests package
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
log=bench/target/monitoring.log
java -cp "bench/target/classes:$JAR" io.stratus.launcher.MonitoringBench "$(hello)" "$SECONDS_PER_ROUND" "$ROUNDS" "$CLIENTS" \
  > "$log" 2>&1 || { tail -40 "$log"; exit 1; }
grep -v ' INFO : ' "$log"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
