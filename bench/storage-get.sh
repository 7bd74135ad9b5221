#!/usr/bin/env bash
# The store's part of an S3 GET of a small object, CPU µs per GET (bench/storage/StorageGetBench.java).
# Usage: bench/storage-get.sh [object bytes] [warm-up GETs] [measured GETs] [rounds]   (defaults 1024 200000 500000 5)
# STORAGE_JAR=<jar> runs it against another build of io.stratus.storage (e.g. main's, for the "before").
set -euo pipefail
cd "$(dirname "$0")/.."
jar="${STORAGE_JAR:-bundles/io.stratus.storage/target/io.stratus.storage-0.1.0-SNAPSHOT.jar}"
if [ ! -f "$jar" ]; then
  ./mvnw -B -q -DskipTests verify -pl bundles/io.stratus.storage -am
fi
m2="${HOME}/.m2/repository"
cp="$jar"
cp="$cp:bundles/io.stratus.durable/target/io.stratus.durable-0.1.0-SNAPSHOT.jar"
cp="$cp:$m2/org/osgi/osgi.core/8.0.0/osgi.core-8.0.0.jar"
cp="$cp:$m2/org/osgi/org.osgi.service.component.annotations/1.5.1/org.osgi.service.component.annotations-1.5.1.jar"
cp="$cp:$m2/com/google/code/gson/gson/2.15.0/gson-2.15.0.jar"
cp="$cp:$m2/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar"
echo "$jar: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xms256m -Xmx256m -cp "$cp" bench/storage/StorageGetBench.java "$@"
