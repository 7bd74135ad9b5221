#!/usr/bin/env bash
# Cost of authentication (issue 6: "no more than 5 % slower than before authentication"): the same
# workloads against the last build before SigV4 / IAM (the baseline: unsigned requests, it has no
# authentication) and this tree's build (S3 requests presigned with its root key, as bench/storage.sh
# sends them): storage PUT and GET of 1 KiB at c=1 and c=16 (wrk + bench/s3.lua, PUTs cycling through
# 1000 keys), and the gateway's GET /hello (examples/hello-web, as bench/gateway.sh) at c=1 and c=64.
# Both platforms run side by side; each measured run is one workload on one of them, baseline and
# current alternating (the order flips every round) to cancel drift. Per workload: mean req/s and
# median p50 / p99 over the rounds, current/baseline throughput, and whether it is within 5 %.
# The baseline's stratus.jar is built once in a temporary git worktree and kept in bench/target.
# Usage: bench/auth-cost.sh [seconds per run] [rounds]   (defaults 10 s, 4 rounds: each order twice; from any directory)
# Environment: BASELINE=<commit> (default 3792f7f, main before the IAM merge ec0a566),
#              AUTH_COST_PORT=<first of four ports> (default 24600)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECS=${1:-10}
ROUNDS=${2:-4}
BASELINE=${BASELINE:-3792f7f}
PORT=${AUTH_COST_PORT:-24600}
PUT_KEYS=1000

bench_need_wrk
bench_need_jar
bench_need_classes
example=$(ls examples/hello-web/target/io.stratus.examples.hello.web-*.jar | head -1)

sha=$(git rev-parse --short=7 "$BASELINE^{commit}")
BASELINE_JAR=bench/target/baseline-$sha.jar
if [ ! -f "$BASELINE_JAR" ]; then
  src=bench/target/baseline-src-$sha
  git worktree remove --force "$src" 2>/dev/null || true   # left by an interrupted build
  git worktree prune
  git worktree add -q --detach "$src" "$sha"
  echo "building the baseline $sha in $src"
  if ! (cd "$src" && ./mvnw -B -q -o -DskipTests verify -pl distribution -am); then
    git worktree remove --force "$src"
    echo "the baseline $sha did not build" >&2
    exit 1
  fi
  cp "$src/distribution/target/stratus.jar" "$BASELINE_JAR"
  git worktree remove --force "$src"
fi

bench_init auth-cost
work=$BENCH_WORK
bench_header
echo "baseline $sha ($BASELINE_JAR), current $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench' || echo ' + local changes')" \
  "(distribution/target/stratus.jar), ${SECS} s per run, $ROUNDS rounds, wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"

# name -> "aws-port http-port credentials"; the baseline has no credentials
bench_start_stratus baseline "$BASELINE_JAR" "$PORT" $((PORT + 1)) "$example"
bench_start_stratus current distribution/target/stratus.jar $((PORT + 2)) $((PORT + 3)) "$example"
declare -A PORTS=([baseline]="$PORT $((PORT + 1)) none"
                  [current]="$((PORT + 2)) $((PORT + 3)) $work/current/data/credentials")
bench_wait_file "$work/current/data/credentials"

object=$work/object-1024
head -c 1024 /dev/urandom > "$object"
for name in baseline current; do
  read -r aws http credentials <<< "${PORTS[$name]}"
  endpoint=http://127.0.0.1:$aws
  bench_wait_s3 "$endpoint" "$credentials"
  bench_s3 "$endpoint" "$credentials" PUT /bench
  bench_s3 "$endpoint" "$credentials" PUT /bench/get-1024 --data-binary @"$object" \
    -H 'Content-Type: application/octet-stream'
  bench_s3_targets "$endpoint" "$credentials" PUT bench put-1024 "$PUT_KEYS" "$work/$name/put.targets" \
    GET bench get-1024 0 "$work/$name/get.targets"
  bench_wait "http://127.0.0.1:$http/hello?name=bench" -f || { tail -20 "$work/$name/stratus.log"; exit 1; }
done
# the current build must refuse what the baseline is sent, or it is not the authenticated path
# that gets measured
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((PORT + 2))/bench/get-1024")
[ "$code" = 403 ] || { echo "the current build answered an unsigned GET with $code, not 403" >&2; exit 1; }

WORKLOADS=("storage PUT 1 KiB c=1|put|1|1" "storage PUT 1 KiB c=16|put|16|2" "storage GET 1 KiB c=1|get|1|1"
           "storage GET 1 KiB c=16|get|16|2" "gateway GET /hello c=1|hello|1|1" "gateway GET /hello c=64|hello|64|2")

measure() { # workload-index server seconds -> "req/s p50 p99 non2xx" (output kept in $work)
  local kind conns threads
  IFS='|' read -r _ kind conns threads <<< "${WORKLOADS[$1]}"
  read -r aws http _ <<< "${PORTS[$2]}"
  local out=$work/$2/w$1-$(date +%s%N).txt
  if [ "$kind" = hello ]; then
    bench_wrk "$out" "$threads" "$conns" "$3" "http://127.0.0.1:$http/hello?name=bench"
  else
    MODE=$kind BODY_BYTES=1024 THREADS=$threads TARGETS="$work/$2/$kind.targets" \
      bench_wrk "$out" "$threads" "$conns" "$3" -s bench/s3.lua "http://127.0.0.1:$aws"
  fi
}

echo "== warm-up: every workload 5 s on each build, not counted =="
for w in "${!WORKLOADS[@]}"; do
  for name in baseline current; do measure "$w" "$name" 5 > /dev/null; done
done

echo "== measured runs =="
printf '  %-5s %-26s %-8s %10s %9s %9s\n' round workload build req/s p50_ms p99_ms
: > "$work/results"
for round in $(seq 1 "$ROUNDS"); do
  order=(baseline current)
  [ $((round % 2)) = 1 ] || order=(current baseline)
  for w in "${!WORKLOADS[@]}"; do
    for name in "${order[@]}"; do
      read -r rps p50 p99 bad _ < <(measure "$w" "$name" "$SECS")
      if [ "$bad" != 0 ]; then
        echo "$name answered $bad non-2xx responses in '${WORKLOADS[$w]%%|*}': not a valid comparison" >&2
        exit 1
      fi
      printf '  %-5s %-26s %-8s %10s %9s %9s\n' "$round" "${WORKLOADS[$w]%%|*}" "$name" "$rps" "$p50" "$p99"
      echo "$w $name $round $rps $p50 $p99" >> "$work/results"
    done
  done
done

echo
echo "== per workload: mean req/s, median p50 / p99 (ms) over $ROUNDS rounds; current/baseline req/s =="
printf '  %-26s %28s   %28s   %s\n' "" "baseline (no auth)" "current (SigV4 presigned)" "current/baseline"
for w in "${!WORKLOADS[@]}"; do
  awk -v w="$w" -v label="${WORKLOADS[$w]%%|*}" '
    function median(a, k,   i, j, t) {
      for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
      return k % 2 ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2 }
    $1 == w { n[$2]++; rps[$2] += $4; p50[$2, n[$2]] = $5 + 0; p99[$2, n[$2]] = $6 + 0; round[$2, $3] = $4 }
    END {
      for (s in n) { for (i = 1; i <= n[s]; i++) { x[i] = p50[s, i]; y[i] = p99[s, i] }
                     m50[s] = median(x, n[s]); m99[s] = median(y, n[s]); mean[s] = rps[s] / n[s] }
      ratio = mean["current"] / mean["baseline"]
      rounds = ""; for (r = 1; r <= n["current"]; r++) rounds = rounds sprintf(" %.2f", round["current", r] / round["baseline", r])
      printf "  %-26s %9.0f req/s %6.3f %7.3f   %9.0f req/s %6.3f %7.3f   x%.3f (%+.1f %%; rounds%s)  %s\n",
        label, mean["baseline"], m50["baseline"], m99["baseline"], mean["current"], m50["current"], m99["current"],
        ratio, (ratio - 1) * 100, rounds, (ratio >= 0.95 ? "within 5 %" : "MORE THAN 5 % SLOWER") }' "$work/results"
done | tee "$work/summary"
slower=$(grep -c 'MORE THAN' "$work/summary" || true)
if [ "$slower" = 0 ]; then
  echo "goal ≤ 5 % slower: MET (every workload's throughput at least 0.95 of the baseline's)"
else
  echo "goal ≤ 5 % slower: MISSED ($slower of ${#WORKLOADS[@]} workloads below 0.95 of the baseline's throughput)"
fi
