# Shared by the benchmark scripts that drive a running platform with wrk (storage.sh, gateway.sh,
# auth-cost.sh). Source it from the repository root after `set -euo pipefail`; call bench_init first.

BENCH_PIDS=()

# bench_init NAME: a temporary work folder in $BENCH_WORK, and everything started is stopped on exit
bench_init() {
  BENCH_WORK=$(mktemp -d "/tmp/bench-$1.XXXXXX")
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local p i
  for p in "${BENCH_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  # a platform once outlived its SIGTERM (stopped while still starting): give each 20 s, then SIGKILL
  for p in "${BENCH_PIDS[@]}"; do
    for i in $(seq 1 200); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$BENCH_WORK"
}

bench_header() {
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# wrk is not part of the build; install it the way .ci/run installs its tools
bench_need_wrk() {
  command -v wrk >/dev/null && return
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk
}

# this tree's platform (and the example bundles, which the distribution's tests depend on)
bench_need_jar() {
  [ -f distribution/target/stratus.jar ] || ./mvnw -B -q -DskipTests verify -pl distribution -am
}

# bench/pom.xml's classes (BareJetty, S3Targets) and their class path; that pom compiles against the
# installed distribution, so install it first on a machine that never did
bench_need_classes() {
  [ -f bench/target/classes/io/stratus/bench/S3Targets.class ] && [ -f bench/target/classpath.txt ] && return
  ls "$HOME"/.m2/repository/io/stratus/io.stratus.distribution/*/io.stratus.distribution-*.jar >/dev/null 2>&1 \
    || ./mvnw -B -q -DskipTests install -pl distribution -am
  ./mvnw -B -q -f bench/pom.xml -DskipTests package
}

bench_classpath() {
  echo "bench/target/classes:$(cat bench/target/classpath.txt)"
}

# bench_start_stratus NAME JAR AWS_PORT HTTP_PORT [BUNDLE...]: a platform whose data, deploy folder
# (holding the bundles given) and log live in $BENCH_WORK/NAME; sets STRATUS_PID
bench_start_stratus() {
  local dir="$BENCH_WORK/$1" jar
  jar=$(realpath "$2")
  mkdir -p "$dir/deploy"
  [ $# -le 4 ] || cp "${@:5}" "$dir/deploy/"
  (cd "$dir" && STRATUS_AWS_PORT=$3 STRATUS_HTTP_PORT=$4 STRATUS_DATA="$dir/data" STRATUS_DEPLOY="$dir/deploy" \
    STRATUS_LOG_LEVEL=WARN exec ${BENCH_SERVER_CPUS:+taskset -c "$BENCH_SERVER_CPUS"} java -jar "$jar" > stratus.log 2>&1) &
  STRATUS_PID=$!
  BENCH_PIDS+=("$STRATUS_PID")
}

# bench_pin: on a machine with at least two cores, platforms started after this run on core 0 and
# wrk (bench_wrk) on the others, so the load generator never takes CPU from the server measured
bench_pin() {
  if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    BENCH_SERVER_CPUS=0
    BENCH_CLIENT_CPUS=1
    [ "$(nproc)" = 2 ] || BENCH_CLIENT_CPUS=1-$(($(nproc) - 1))
  fi
}

# bench_cpu_ticks PID: the process's user + system CPU time so far, in clock ticks
bench_cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# bench_wait URL [curl options]: until URL answers (any status; with -f, until it answers 2xx)
bench_wait() {
  local url=$1 i
  shift
  for i in $(seq 1 600); do
    if curl -s -o /dev/null "$@" "$url"; then return 0; fi
    sleep 0.1
  done
  echo "no answer from $url" >&2
  return 1
}

# bench_wait_file FILE: until the platform has written it (its generated root credentials)
bench_wait_file() {
  local i
  for i in $(seq 1 600); do
    if [ -s "$1" ]; then return 0; fi
    sleep 0.1
  done
  echo "$1 never appeared" >&2
  return 1
}

# bench_s3 ENDPOINT CREDENTIALS|none METHOD PATH [curl options]: one S3 request, SigV4-signed by curl
# with the default profile of a shared-credentials file, or unsigned with "none"; fails on non-2xx
bench_s3() {
  local endpoint=$1 credentials=$2 method=$3 path=$4
  shift 4
  local sign=()
  if [ "$credentials" != none ]; then
    local key secret
    key=$(awk -F' *= *' '$1 ~ /aws_access_key_id/ {print $2; exit}' "$credentials")
    secret=$(awk -F' *= *' '$1 ~ /aws_secret_access_key/ {print $2; exit}' "$credentials")
    sign=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "$key:$secret")
  fi
  curl -s -f -o /dev/null -X "$method" "${sign[@]}" "$@" "$endpoint$path"
}

# bench_wait_s3 ENDPOINT CREDENTIALS|none: until the S3 API answers ListBuckets (the platform's HTTP
# server answers before its services are all registered)
bench_wait_s3() {
  local i
  for i in $(seq 1 600); do
    if bench_s3 "$1" "$2" GET /; then return 0; fi
    sleep 0.1
  done
  echo "no S3 API at $1" >&2
  return 1
}

# bench_s3_targets ENDPOINT CREDENTIALS|none (METHOD BUCKET KEY COUNT FILE)...: the request targets
# bench/s3.lua sends, one per line into FILE, for the object KEY (COUNT 0) or KEY-1..KEY-COUNT:
# presigned URLs (bench/src/.../S3Targets.java) for a server that verifies SigV4, plain paths with "none"
bench_s3_targets() {
  local endpoint=$1 credentials=$2
  shift 2
  if [ "$credentials" != none ]; then
    java -cp "$(bench_classpath)" io.stratus.bench.S3Targets "$endpoint" "$credentials" "$@" 2>"$BENCH_WORK/s3targets.log" \
      || { cat "$BENCH_WORK/s3targets.log" >&2; return 1; }
    return
  fi
  while [ $# -ge 5 ]; do
    if [ "$4" = 0 ]; then echo "/$2/$3"; else seq -f "/$2/$3-%.0f" 1 "$4"; fi > "$5"
    shift 5
  done
}

# bench_wrk OUT THREADS CONNECTIONS SECONDS URL [wrk options]: one measured wrk run, its output kept
# in OUT; prints "req/s p50_ms p99_ms non2xx transfer/s requests"
bench_wrk() {
  local out=$1 threads=$2 conns=$3 secs=$4
  shift 4
  ${BENCH_CLIENT_CPUS:+taskset -c "$BENCH_CLIENT_CPUS"} wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@" > "$out"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50.000%" || $1 == "50%" {p50 = ms($2)}
    $1 == "99.000%" || $1 == "99%" {p99 = ms($2)}
    /Requests\/sec/ {rps = $2} /Transfer\/sec/ {transfer = $2} /Non-2xx/ {bad = $NF}
    /requests in/ {requests = $1}
    END {printf "%.2f %.3f %.3f %d %s %d\n", rps, p50, p99, bad, transfer, requests}' "$out"
}
