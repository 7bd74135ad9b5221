#!/usr/bin/env bash
# Object storage: Stratus (distribution/target/stratus.jar) against s3proxy (org.gaul:s3proxy, filesystem
# backend) with the same client (wrk + bench/s3.lua, unsigned path-style requests) and concurrency:
# PUT and GET of 1 KiB and 1 MiB objects at c=1 and c=16, then each server's resident memory.
# Usage: bench/storage.sh [seconds-per-run]   (from the repository root; default 10 s per run)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
S3PROXY_VERSION=4.1.0
S3PROXY_JAR="$HOME/.m2/repository/org/gaul/s3proxy/$S3PROXY_VERSION/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
JAR=distribution/target/stratus.jar
[ -f "$JAR" ] || ./mvnw -B -q -DskipTests verify -pl distribution -am
[ -f "$S3PROXY_JAR" ] || ./mvnw -B -q dependency:get -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies"

WORK=$(mktemp -d /tmp/bench-storage.XXXXXX)
STRATUS_PORT=${STRATUS_PORT:-24567}
S3PROXY_PORT=${S3PROXY_PORT:-24568}
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_http() { # url
  for _ in $(seq 1 300); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  echo "no answer from $1" >&2; exit 1
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit $(git rev-parse --short HEAD), ${DURATION} s per run, client wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"

mkdir -p "$WORK/stratus"
(cd "$WORK/stratus" && STRATUS_HTTP_PORT=$((STRATUS_PORT + 10)) STRATUS_AWS_PORT=$STRATUS_PORT \
  exec java -jar "$OLDPWD/$JAR" > stratus.log 2>&1) &
PIDS+=($!)
STRATUS_PID=$!

mkdir -p "$WORK/s3proxy/data"
cat > "$WORK/s3proxy/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3PROXY_PORT
s3proxy.authorization=none
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3proxy/data
jclouds.identity=local
jclouds.credential=local
CONF
java -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy/s3proxy.conf" > "$WORK/s3proxy/s3proxy.log" 2>&1 &
PIDS+=($!)
S3PROXY_PID=$!

wait_http "http://127.0.0.1:$STRATUS_PORT/"
wait_http "http://127.0.0.1:$S3PROXY_PORT/"

declare -A RESULT
run() { # name url mode bytes conns
  local name=$1 url=$2 mode=$3 bytes=$4 conns=$5 threads=$(( $5 < 2 ? 1 : 2 ))
  local out
  out=$(MODE=$mode BUCKET=bench BODY_BYTES=$bytes KEY="get-$bytes" \
    wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -s bench/s3.lua "$url")
  local rps p50 p99 transfer errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  transfer=$(awk '/Transfer\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50.000%" || $1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99.000%" || $1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  RESULT["$name $mode $bytes $conns"]=$rps
  printf '  %-8s %-3s %8s B  c=%-3s %10s req/s  %10s/s  p50 %8s  p99 %8s  non-2xx %s\n' \
    "$name" "$mode" "$bytes" "$conns" "$rps" "$transfer" "$p50" "$p99" "${errors:-0}"
}

for target in "stratus http://127.0.0.1:$STRATUS_PORT" "s3proxy http://127.0.0.1:$S3PROXY_PORT"; do
  set -- $target
  curl -s -f -X PUT "$2/bench" -o /dev/null
  for bytes in 1024 1048576; do
    head -c "$bytes" /dev/urandom > "$WORK/object-$bytes"
    curl -s -f -X PUT --data-binary @"$WORK/object-$bytes" -H 'Content-Type: application/octet-stream' \
      "$2/bench/get-$bytes" -o /dev/null
  done
  # warm-up: JIT and connection pools, not counted
  MODE=put BUCKET=bench BODY_BYTES=1024 wrk -t2 -c16 -d3s -s bench/s3.lua "$2" > /dev/null
  MODE=get BUCKET=bench KEY=get-1048576 wrk -t2 -c16 -d3s -s bench/s3.lua "$2" > /dev/null
done

echo "== PUT / GET, one server at a time =="
for bytes in 1024 1048576; do
  for conns in 1 16; do
    for mode in put get; do
      run stratus "http://127.0.0.1:$STRATUS_PORT" $mode $bytes $conns
      run s3proxy "http://127.0.0.1:$S3PROXY_PORT" $mode $bytes $conns
    done
  done
done

rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$1/status"; }
hwm() { awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$1/status"; }
echo "== resident memory after the runs (peak) =="
echo "  stratus  $(rss $STRATUS_PID) ($(hwm $STRATUS_PID))"
echo "  s3proxy  $(rss $S3PROXY_PID) ($(hwm $S3PROXY_PID))"

echo "== ratios stratus/s3proxy (req/s) =="
for bytes in 1024 1048576; do
  for conns in 1 16; do
    for mode in put get; do
      s=${RESULT["stratus $mode $bytes $conns"]}; p=${RESULT["s3proxy $mode $bytes $conns"]}
      printf '  %-3s %8s B c=%-3s x%s\n' "$mode" "$bytes" "$conns" "$(awk -v s="$s" -v p="$p" 'BEGIN {printf "%.2f", s/p}')"
    done
  done
done
s=${RESULT["stratus put 1024 16"]}; p=${RESULT["s3proxy put 1024 16"]}
awk -v s="$s" -v p="$p" 'BEGIN {r=s/p; printf "goal durable PUT 1 KiB c=16 >= 1.5x s3proxy: x%.2f %s\n", r, (r>=1.5?"MET":"MISSED")}'
g=${RESULT["stratus get 1048576 16"]}
awk -v g="$g" 'BEGIN {b=g*1048576/1e9; printf "goal GET 1 MiB >= 1 GB/s: %.2f GB/s (c=16) %s\n", b, (b>=1?"MET":"MISSED")}'
