#!/usr/bin/env bash
# Object storage: Stratus (distribution/target/stratus.jar) against s3proxy (org.gaul:s3proxy, filesystem
# backend) with the same client (wrk + bench/s3.lua, path-style requests) and concurrency: PUT and GET
# of 1 KiB and 1 MiB objects at c=1 and c=16, then each server's resident memory. Stratus verifies
# SigV4, so its requests are URLs presigned with its root key (bench/lib.sh bench_s3_targets); s3proxy
# runs without authentication and gets the same paths unsigned. PUTs cycle through 1000 keys.
# Usage: bench/storage.sh [seconds-per-run]   (from the repository root; default 10 s per run)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
DURATION="${1:-10}"
S3PROXY_VERSION=4.1.0
S3PROXY_JAR="$HOME/.m2/repository/org/gaul/s3proxy/$S3PROXY_VERSION/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
PUT_KEYS=1000
bench_need_wrk
bench_need_jar
bench_need_classes
[ -f "$S3PROXY_JAR" ] || ./mvnw -B -q dependency:get -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies"

bench_init storage
WORK=$BENCH_WORK
STRATUS_PORT=${STRATUS_PORT:-24567}
S3PROXY_PORT=${S3PROXY_PORT:-24568}

bench_header
echo "commit $(git rev-parse --short HEAD), ${DURATION} s per run, client wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"

bench_start_stratus stratus distribution/target/stratus.jar "$STRATUS_PORT" $((STRATUS_PORT + 10))
STRATUS_CREDENTIALS=$WORK/stratus/data/credentials

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
S3PROXY_PID=$!
BENCH_PIDS+=("$S3PROXY_PID")

bench_wait_file "$STRATUS_CREDENTIALS"

declare -A RESULT
run() { # name url mode bytes conns
  local name=$1 url=$2 mode=$3 bytes=$4 conns=$5 threads=$(( $5 < 2 ? 1 : 2 ))
  local rps p50 p99 errors transfer
  read -r rps p50 p99 errors transfer _ < <(MODE=$mode BODY_BYTES=$bytes THREADS=$threads \
    TARGETS="$WORK/$name/$mode-$bytes.targets" \
    bench_wrk "$WORK/$name/$mode-$bytes-$conns.txt" "$threads" "$conns" "$DURATION" -s bench/s3.lua "$url")
  RESULT["$name $mode $bytes $conns"]=$rps
  printf '  %-8s %-3s %8s B  c=%-3s %10s req/s  %10s/s  p50 %8s ms  p99 %8s ms  non-2xx %s\n' \
    "$name" "$mode" "$bytes" "$conns" "$rps" "$transfer" "$p50" "$p99" "$errors"
}

for target in "stratus http://127.0.0.1:$STRATUS_PORT $STRATUS_CREDENTIALS" "s3proxy http://127.0.0.1:$S3PROXY_PORT none"; do
  set -- $target
  mkdir -p "$WORK/$1"
  bench_wait_s3 "$2" "$3"
  bench_s3 "$2" "$3" PUT /bench
  specs=()
  for bytes in 1024 1048576; do
    head -c "$bytes" /dev/urandom > "$WORK/object-$bytes"
    bench_s3 "$2" "$3" PUT "/bench/get-$bytes" --data-binary @"$WORK/object-$bytes" \
      -H 'Content-Type: application/octet-stream'
    specs+=(PUT bench "put-$bytes" "$PUT_KEYS" "$WORK/$1/put-$bytes.targets"
            GET bench "get-$bytes" 0 "$WORK/$1/get-$bytes.targets")
  done
  bench_s3_targets "$2" "$3" "${specs[@]}"
  # warm-up: JIT and connection pools, not counted
  MODE=put BODY_BYTES=1024 THREADS=2 TARGETS="$WORK/$1/put-1024.targets" wrk -t2 -c16 -d3s -s bench/s3.lua "$2" > /dev/null
  MODE=get THREADS=2 TARGETS="$WORK/$1/get-1048576.targets" wrk -t2 -c16 -d3s -s bench/s3.lua "$2" > /dev/null
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
