#!/usr/bin/env bash
# IAM's per-request cost: SigV4 verification + evaluation of a 10-statement policy (bench/iam/IamBench.java).
# Usage: bench/iam.sh [warm-up requests] [measured requests]   (defaults 200000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f bundles/io.stratus.iam/target/io.stratus.iam-0.1.0-SNAPSHOT.jar ]; then
  ./mvnw -B -q -DskipTests verify -pl bundles/io.stratus.iam -am
fi
m2="${HOME}/.m2/repository"
cp="bundles/io.stratus.iam/target/io.stratus.iam-0.1.0-SNAPSHOT.jar"
cp="$cp:bundles/io.stratus.aws/target/io.stratus.aws-0.1.0-SNAPSHOT.jar"
cp="$cp:$m2/com/google/code/gson/gson/2.15.0/gson-2.15.0.jar"
cp="$cp:$m2/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xms256m -Xmx256m -cp "$cp" bench/iam/IamBench.java "$@"
