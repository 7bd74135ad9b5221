#!/usr/bin/env bash
# Cold start: install a function bundle -> first successful Invoke, p50/p99 over N distinct function
# bundles generated from examples/hello, on the real platform started in-process from stratus.jar
# (io.stratus.launcher.ColdStartBench); baseline in the same process: warm Invokes of the same
# functions. Then deployment through deploy/ (FileInstall), what a user dropping a jar sees.
# Usage: bench/coldstart.sh [functions=100] [deploys=10]   (full log: bench/target/coldstart.log)
set -euo pipefail
cd "$(dirname "$0")/.."
FUNCTIONS=${1:-100}; DEPLOYS=${2:-10}
JAR=distribution/target/stratus.jar
hello() { ls examples/hello/target/io.stratus.examples.hello-*.jar 2>/dev/null | head -1; }
[ -f "$JAR" ] && [ -n "$(hello)" ] || ./mvnw -q -B -DskipTests install
./mvnw -q -B -f bench/pom.xml -DskipTests package
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
log=bench/target/coldstart.log
java -cp "bench/target/classes:$JAR" io.stratus.launcher.ColdStartBench "$(hello)" "$FUNCTIONS" "$DEPLOYS" > "$log" 2>&1 \
  || { tail -40 "$log"; exit 1; }
# the platform's own INFO lines (a function registered, Jetty started) stay in the log
grep -v ' INFO : ' "$log"
