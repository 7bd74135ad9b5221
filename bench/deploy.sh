#!/usr/bin/env bash
# Uploaded code: CreateFunction of a ~10 MB fat jar -> first successful Invoke (p50/p99 over N
# functions), then UpdateFunctionCode latency under load and the Invoke latency during 20 swaps
# against Invokes without swaps (io.stratus.bench.DeployBench over the Lambda REST API), on
# stratus.jar started in a temporary directory with free ports.
# Usage: bench/deploy.sh [functions=30] [baseline-seconds=10]   (platform log: bench/target/deploy-platform.log)
set -euo pipefail
cd "$(dirname "$0")/.."
FUNCTIONS=${1:-30}; BASELINE=${2:-10}
JAR=distribution/target/stratus.jar
[ -f "$JAR" ] || ./mvnw -q -B -o verify -pl distribution -am -DskipTests
# DeployBench needs only the JDK: compiled alone, so nothing is read from ~/.m2
mkdir -p bench/target/deploy-classes
javac --release 17 -d bench/target/deploy-classes bench/src/main/java/io/stratus/bench/DeployBench.java
CORE=$(ls ~/.m2/repository/com/amazonaws/aws-lambda-java-core/1.2.3/aws-lambda-java-core-1.2.3.jar)
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
dir=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }
HTTP=$(free_port); AWS=$(free_port)
(cd "$dir" && STRATUS_HTTP_PORT=$HTTP STRATUS_AWS_PORT=$AWS exec java -jar "$OLDPWD/$JAR") > bench/target/deploy-platform.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
until grep -q ' ready in ' bench/target/deploy-platform.log; do kill -0 $pid; sleep 0.2; done
java -cp bench/target/deploy-classes io.stratus.bench.DeployBench "http://127.0.0.1:$AWS" "$CORE" "$FUNCTIONS" "$BASELINE"
