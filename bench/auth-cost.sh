#!/usr/bin/env bash
# Cost of authentication (issue 6: "no more than 5 % slower than before authentication"): the same
# workloads against the last build before SigV4 / IAM (the baseline: unsigned requests, it has no
# authentication) and this tree's build (S3 requests presigned with its root key, as bench/storage.sh
# sends them): storage PUT and GET of 1 KiB at c=1 and c=16 (wrk + bench/s3.lua, PUTs cycling through
# 1000 keys), and the gateway's GET /hello (examples/hello-web, as bench/gateway.sh) at c=1 and c=64.
#
# Both platforms run side by side on core 0 and wrk on the other cores (bench_pin; on a 1-core machine
# nothing is pinned), so wrk never competes with the server it measures and the two builds get the
# same core. Each workload is warmed up on both builds until the JIT has settled (WARM seconds each, in
# slices taken in turn), then measured as PAIRS back-to-back pairs of short runs, baseline and current,
# the order flipping every pair: a pair's ratio (current/baseline req/s) compares the two builds under
# the same conditions, so drift of the shared machine cancels; the verdict uses the median of the
# pairs' ratios. Beside throughput, the platform's CPU time per request (from /proc/<pid>/stat over
# all measured runs) is printed: it does not depend on what else the machine does.
# The baseline's stratus.jar is built once in a temporary git worktree and kept in bench/target.
# Usage: bench/auth-cost.sh [seconds per run] [pairs] [warm-up seconds per workload and build]
#        (defaults 3 s, 16 pairs, 30 s: about 18 minutes; from any directory)
# Environment: BASELINE=<commit> (default 3792f7f, main before the IAM merge ec0a566),
#              AUTH_COST_PORT=<first of four ports> (default 24600)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECS=${1:-3}
PAIRS=${2:-16}
WARM=${3:-30}
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
bench_pin
bench_header
echo "baseline $sha ($BASELINE_JAR), current $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench' || echo ' + local changes')" \
  "(distribution/target/stratus.jar), ${SECS} s per run, $PAIRS pairs, ${WARM} s warm-up," \
  "wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2), platforms on CPU ${BENCH_SERVER_CPUS:-any}, wrk on CPU ${BENCH_CLIENT_CPUS:-any}"

# name -> "aws-port http-port credentials"; the baseline has no credentials
declare -A PIDS
bench_start_stratus baseline "$BASELINE_JAR" "$PORT" $((PORT + 1)) "$example"
PIDS[baseline]=$STRATUS_PID
bench_start_stratus current distribution/target/stratus.jar $((PORT + 2)) $((PORT + 3)) "$example"
PIDS[current]=$STRATUS_PID
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

measure() { # workload-index server seconds -> "req/s p50 p99 non2xx transfer requests" (output kept in $work)
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

slices=$(( (WARM + 4) / 5 ))
echo "== warm-up: every workload ${WARM} s on each build (5 s slices in turn), not counted =="
for w in "${!WORKLOADS[@]}"; do
  for i in $(seq 1 "$slices"); do
    for name in baseline current; do measure "$w" "$name" 5 > /dev/null; done
  done
done

echo "== measured pairs (current/baseline req/s per pair) =="
: > "$work/results"
for w in "${!WORKLOADS[@]}"; do
  printf '  %-26s' "${WORKLOADS[$w]%%|*}"
  for pair in $(seq 1 "$PAIRS"); do
    order=(baseline current)
    [ $((pair % 2)) = 1 ] || order=(current baseline)
    declare -A rps=()
    for name in "${order[@]}"; do
      before=$(bench_cpu_ticks "${PIDS[$name]}")
      read -r r p50 p99 bad _ n < <(measure "$w" "$name" "$SECS")
      ticks=$(( $(bench_cpu_ticks "${PIDS[$name]}") - before ))
      if [ "$bad" != 0 ]; then
        echo; echo "$name answered $bad non-2xx responses in '${WORKLOADS[$w]%%|*}': not a valid comparison" >&2
        exit 1
      fi
      rps[$name]=$r
      echo "$w $name $pair $r $p50 $p99 $n $ticks" >> "$work/results"
    done
    printf ' %.2f' "$(awk -v c="${rps[current]}" -v b="${rps[baseline]}" 'BEGIN {print c / b}')"
  done
  echo
done

echo
echo "== per workload over $PAIRS pairs: mean req/s, median p50 / p99 (ms), CPU per request (µs); current/baseline =="
printf '  %-26s %36s   %36s   %s\n' "" "baseline (no auth)" "current (SigV4 presigned)" "current/baseline req/s: median of pairs [quartiles]"
tick_us=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN {print 1000000 / hz}')
for w in "${!WORKLOADS[@]}"; do
  awk -v w="$w" -v label="${WORKLOADS[$w]%%|*}" -v tick="$tick_us" '
    function sort(a, k,   i, j, t) { for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
    function quantile(a, k, q,   p, f) { p = 1 + (k - 1) * q; f = int(p); return f >= k ? a[k] : a[f] + (p - f) * (a[f+1] - a[f]) }
    $1 == w { n[$2]++; rps[$2] += $4; p50[$2, n[$2]] = $5 + 0; p99[$2, n[$2]] = $6 + 0; pair[$2, $3] = $4
              requests[$2] += $7; ticks[$2] += $8 }
    END {
      for (s in n) { for (i = 1; i <= n[s]; i++) { x[i] = p50[s, i]; y[i] = p99[s, i] }
                     sort(x, n[s]); sort(y, n[s]); m50[s] = quantile(x, n[s], 0.5); m99[s] = quantile(y, n[s], 0.5)
                     mean[s] = rps[s] / n[s]; cpu[s] = ticks[s] * tick / requests[s] }
      k = 0; for (p = 1; p <= n["current"]; p++) r[++k] = pair["current", p] / pair["baseline", p]
      sort(r, k); med = quantile(r, k, 0.5)
      printf "  %-26s %9.0f req/s %6.3f %7.3f %6.1f us   %9.0f req/s %6.3f %7.3f %6.1f us   x%.3f (%+.1f %%) [%.3f %.3f]  %s\n",
        label, mean["baseline"], m50["baseline"], m99["baseline"], cpu["baseline"],
        mean["current"], m50["current"], m99["current"], cpu["current"],
        med, (med - 1) * 100, quantile(r, k, 0.25), quantile(r, k, 0.75),
        (med >= 0.95 ? "within 5 %" : "MORE THAN 5 % SLOWER") }' "$work/results"
done | tee "$work/summary"
slower=$(grep -c 'MORE THAN' "$work/summary" || true)
if [ "$slower" = 0 ]; then
  echo "goal ≤ 5 % slower: MET (every workload's median pair ratio at least 0.95)"
else
  echo "goal ≤ 5 % slower: MISSED ($slower of ${#WORKLOADS[@]} workloads with a median pair ratio below 0.95)"
fi
