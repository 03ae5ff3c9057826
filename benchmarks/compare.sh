#!/usr/bin/env bash
# Side-by-side benchmark of the real nats-server and our standalone broker on this machine.
#
# Starts both servers on free loopback ports (JetStream on, each with a temporary store directory), measures
# startup time to the first accepted connection and idle RSS, warms both up with one discarded pass (so a JVM's
# JIT compilation is not billed to the first scenarios), then runs every bench scenario against both,
# interleaved (A, B, A, B ... for --rounds rounds) in one bench process, and prints a Markdown table of medians.
# Both servers are stopped and the temporary directories removed on exit, whatever happens.
#
# With --tls both servers get the same self-signed certificate (made here with openssl) in a config file
# `tls { cert_file, key_file }` and every client connects with TLS (jnats' opentls:// scheme, which trusts the
# certificate without checking it); --tls-engine jdk|openssl|auto picks our broker's engine (system property
# io.natsspring.broker.tls.engine; default auto = OpenSSL when netty-tcnative loads).
#
# With --launcher our broker starts through nats-spring-broker/bin/nats-spring-broker (the launcher's JVM defaults:
# -Xmx256m, SerialGC; BROKER_JAVA_OPTS become its JAVA_OPTS) instead of plain `java -jar`.
#
# The startup rows: launch -> first INFO (startup), and on that first connection -> first PONG after CONNECT
# (startup_pong), first $JS.API.INFO answer (startup_js), first stream create answer (startup_stream).
#
# usage: benchmarks/compare.sh [--rounds N] [--seconds S] [--warmup-seconds S] [--scenario LIST] [--size LIST]
#                              [--tls] [--tls-engine ENGINE] [--launcher] [--build] [--out DIR]
# environment: NATS_SERVER (default the newest /opt/nats/<version>/usr/sbin/nats-server that .ci/install-nats-servers.sh
#              unpacked, else /usr/sbin/nats-server; set it to /usr/sbin/nats-server for Debian's 2.9.10), JAVA (default java), BROKER_JAR (our broker jar, default the built one), BROKER_JAVA_OPTS, BENCH_JAVA_OPTS,
#              DISTURBED_PCT (default 10), SPREAD_PCT (default 25), BENCH_TIMEOUT (seconds, default 660: the bench is
#              stopped there and the table is made from the runs completed, so the whole script stays under 13 minutes),
#              STARTUP_TIMEOUT (seconds a server may take to accept its first connection, default 30)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
newest_nats_server() {
  local newest
  newest=$(ls -d /opt/nats/*/usr/sbin/nats-server 2>/dev/null | sort -V | tail -1)
  echo "${newest:-/usr/sbin/nats-server}"
}
NATS_SERVER="${NATS_SERVER:-$(newest_nats_server)}"
JAVA="${JAVA:-java}"
BROKER_JAR="${BROKER_JAR:-$ROOT/nats-spring-broker/target/nats-spring-broker.jar}"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
BROKER_JAVA_OPTS="${BROKER_JAVA_OPTS:-}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
DISTURBED_PCT="${DISTURBED_PCT:-10}"
SPREAD_PCT="${SPREAD_PCT:-25}"
BENCH_TIMEOUT="${BENCH_TIMEOUT:-660}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-30}"

ROUNDS=3
SECONDS_PER_RUN=1.5
WARMUP_SECONDS=0.5
SCENARIOS=all
SIZES=
BUILD=0
OUT=
TLS=0
TLS_ENGINE=auto
LAUNCHER=0

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --warmup-seconds) WARMUP_SECONDS="$2"; shift 2 ;;
    --scenario) SCENARIOS="$2"; shift 2 ;;
    --size) SIZES="$2"; shift 2 ;;
    --build) BUILD=1; shift ;;
    --tls) TLS=1; shift ;;
    --launcher) LAUNCHER=1; shift ;;
    --tls-engine) TLS_ENGINE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; usage >&2; exit 1 ;;
  esac
done

log() { printf '[compare %s] %s\n' "$(date +%T)" "$*" >&2; }
now_us() { local t="${EPOCHREALTIME}"; echo "${t/./}"; }

[[ -x "$NATS_SERVER" ]] || { echo "compare.sh: nats-server not found at $NATS_SERVER (set NATS_SERVER)" >&2; exit 1; }

case "$TLS_ENGINE" in
  auto|jdk|openssl) ;;
  *) echo "compare.sh: --tls-engine must be jdk, openssl or auto: $TLS_ENGINE" >&2; exit 1 ;;
esac

if [[ $BUILD -eq 1 || ! -f "$BROKER_JAR" || ! -f "$BENCH_JAR" ]]; then
  log "building the broker and bench jars"
  (cd "$ROOT" && ./mvnw -q -DskipTests -pl benchmarks -am package)
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/nats-compare.XXXXXX")"
OUT="${OUT:-$ROOT/benchmarks/target/compare-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: > "$RESULTS"

SCHEME=nats
SERVER_ARGS=()
if [[ $TLS -eq 1 ]]; then
  command -v openssl >/dev/null || { echo "compare.sh: --tls needs openssl to make the test certificate" >&2; exit 1; }
  openssl req -x509 -newkey rsa:2048 -sha256 -days 2 -nodes -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$WORK/server-key.pem" -out "$WORK/server-cert.pem" >/dev/null 2>&1
  printf 'tls {\n  cert_file: "%s"\n  key_file: "%s"\n}\n' "$WORK/server-cert.pem" "$WORK/server-key.pem" \
      > "$WORK/tls.conf"
  SERVER_ARGS=(-c "$WORK/tls.conf")
  SCHEME=opentls
  BROKER_JAVA_OPTS="$BROKER_JAVA_OPTS -Dio.natsspring.broker.tls.engine=${TLS_ENGINE^^}"
fi

declare -A PID=()
declare -A PORT=()

stop_server() {
  local name="$1" pid="${PID[$1]:-}"
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  PID[$name]=
}

cleanup() {
  local code=$?
  for name in "${!PID[@]}"; do stop_server "$name"; done
  rm -rf "$WORK"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port nothing listens on and we have not handed out yet.
free_port() {
  local p
  while true; do
    p=$((20000 + RANDOM % 40000))
    [[ " ${PORT[*]:-} " == *" $p "* ]] && continue
    if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return; fi
  done
}

# shellcheck source=first-answers.sh
. "$ROOT/benchmarks/first-answers.sh"

# start_server NAME [first-answers]: launches it on a fresh port and store and waits for the first INFO line; sets
# STARTUP_MS to the time until it came. With first-answers it goes on as a client would on that first connection
# (benchmarks/first-answers.sh) and sets PONG_MS, JS_MS and STREAM_MS: the times to the first PONG, to the first
# $JS.API.INFO answer and to the first stream create answer (JSON handling loads lazily: these are not the INFO's).
start_server() {
  local name="$1" mode="${2:-info}" port store t0
  port="$(free_port)"; PORT[$name]="$port"
  store="$WORK/$name-store"; rm -rf "$store"; mkdir -p "$store"
  t0="$(now_us)"
  case "$name" in
    nats-server) "$NATS_SERVER" "${SERVER_ARGS[@]}" -a 127.0.0.1 -p "$port" -js -sd "$store" >>"$WORK/$name.log" 2>&1 & ;;
    # shellcheck disable=SC2086
    ours) if [[ $LAUNCHER -eq 1 ]]; then
            JAVA="$JAVA" JAVA_OPTS="$BROKER_JAVA_OPTS" NATS_SPRING_BROKER_JAR="$BROKER_JAR" "$ROOT/nats-spring-broker/bin/nats-spring-broker" \
                "${SERVER_ARGS[@]}" -a 127.0.0.1 -p "$port" -js -sd "$store" >>"$WORK/$name.log" 2>&1 &
          else
            "$JAVA" $BROKER_JAVA_OPTS -jar "$BROKER_JAR" "${SERVER_ARGS[@]}" -a 127.0.0.1 -p "$port" -js -sd "$store" >>"$WORK/$name.log" 2>&1 &
          fi ;;
  esac
  PID[$name]=$!
  local deadline=$(( t0 + STARTUP_TIMEOUT * 1000000 ))
  if ! first_answers "$port" "$t0" "$deadline" "${PID[$name]}" "$mode"; then
    echo "compare.sh: $name: $FA_ERROR (STARTUP_TIMEOUT is $STARTUP_TIMEOUT s); its log:" >&2
    tail -20 "$WORK/$name.log" >&2
    exit 1
  fi
  STARTUP_MS=$FA_INFO_MS
  PONG_MS=${FA_PONG_MS:-}; JS_MS=${FA_JS_MS:-}; STREAM_MS=${FA_STREAM_MS:-}
}

vm_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

result() { echo "RESULT $*" >> "$RESULTS"; }

START_US="$(now_us)"
log "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
log "nats-server: $("$NATS_SERVER" --version 2>&1 | head -1); java: $("$JAVA" -version 2>&1 | head -1)"
log "results in $OUT"
[[ $TLS -eq 1 ]] && log "TLS on both servers; our engine: $TLS_ENGINE"
[[ $LAUNCHER -eq 1 ]] && log "our broker through bin/nats-spring-broker: $(NATS_SPRING_BROKER_DRY_RUN=1 JAVA="$JAVA" JAVA_OPTS="$BROKER_JAVA_OPTS" NATS_SPRING_BROKER_JAR="$BROKER_JAR" "$ROOT/nats-spring-broker/bin/nats-spring-broker")"


# Startup time to the first accepted connection and to the first answers on it, interleaved like everything else.
for round in $(seq 1 "$ROUNDS"); do
  for name in nats-server ours; do
    start_server "$name" first-answers
    result "scenario=startup kind=startup target=$name round=$round size=0 status=ok startup_ms=$STARTUP_MS"
    result "scenario=startup_pong kind=startup_pong target=$name round=$round size=0 status=ok startup_ms=$PONG_MS"
    result "scenario=startup_js kind=startup_js target=$name round=$round size=0 status=ok startup_ms=$JS_MS"
    result "scenario=startup_stream kind=startup_stream target=$name round=$round size=0 status=ok startup_ms=$STREAM_MS"
    log "startup $name round $round: INFO $STARTUP_MS ms, PONG $PONG_MS ms, \$JS.API.INFO $JS_MS ms, stream created $STREAM_MS ms"
    stop_server "$name"
  done
done

# The servers the bench runs against.
for name in nats-server ours; do start_server "$name"; done
sleep 2
for name in nats-server ours; do
  result "scenario=rss_idle kind=memory target=$name round=1 size=0 status=ok rss_kb=$(vm_kb "${PID[$name]}" VmRSS)"
done
log "idle RSS: nats-server $(vm_kb "${PID[nats-server]}" VmRSS) KiB, ours $(vm_kb "${PID[ours]}" VmRSS) KiB"

# Steady state is what the rounds compare: a JVM broker would otherwise pay its JIT compilation (counted as server
# CPU) in the first scenarios. One discarded pass over the main paths warms both servers (startup is measured above).
log "warming both servers up (results discarded: $OUT/warmup.txt)"
# shellcheck disable=SC2086
"$JAVA" $BENCH_JAVA_OPTS -jar "$BENCH_JAR" --url "$SCHEME://127.0.0.1:${PORT[nats-server]}" --label nats-server \
    --url "$SCHEME://127.0.0.1:${PORT[ours]}" --label ours --size 128 --seconds 1 --warmup-seconds 0 --rounds 1 \
    --scenario pub_only,pubsub_1to1,queue_4,reqrep_latency,js_pub_async_file,js_pull_drain > "$OUT/warmup.txt" 2>&1 || true

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
bench_args=(--url "$SCHEME://127.0.0.1:${PORT[nats-server]}" --label nats-server --server-pid "${PID[nats-server]}"
            --url "$SCHEME://127.0.0.1:${PORT[ours]}" --label ours --server-pid "${PID[ours]}"
            --rounds "$ROUNDS" --seconds "$SECONDS_PER_RUN" --warmup-seconds "$WARMUP_SECONDS" --scenario "$SCENARIOS")
[[ -n "$SIZES" ]] && bench_args+=(--size "$SIZES")
log "bench: ${bench_args[*]}"
set +e
# shellcheck disable=SC2086
timeout "$BENCH_TIMEOUT" "$JAVA" $BENCH_JAVA_OPTS -jar "$BENCH_JAR" "${bench_args[@]}" 2> >(tee "$OUT/bench.err" >&2) \
    | tee -a "$RESULTS" >&2
BENCH_EXIT=${PIPESTATUS[0]}
set -e
if [[ $BENCH_EXIT -eq 124 ]]; then log "bench stopped after $BENCH_TIMEOUT s; the table covers the runs completed by then"; fi
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

for name in nats-server ours; do
  result "scenario=rss_peak kind=memory target=$name round=1 size=0 status=ok rss_kb=$(vm_kb "${PID[$name]}" VmHWM)"
  kill -0 "${PID[$name]}" 2>/dev/null || { log "$name died during the bench"; BENCH_EXIT=1; }
done
for name in nats-server ours; do stop_server "$name"; cp "$WORK/$name.log" "$OUT/$name.log" 2>/dev/null || true; done

ELAPSED_S=$(( ($(now_us) - START_US) / 1000000 ))
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')),"
  echo "$("$NATS_SERVER" --version 2>&1 | head -1) vs nats-spring-broker; $("$JAVA" -version 2>&1 | head -1);"
  [[ $TLS -eq 1 ]] && echo "TLS (self-signed RSA 2048 certificate, clients over opentls://); our TLS engine: $TLS_ENGINE;"
  echo "$ROUNDS interleaved rounds, ${SECONDS_PER_RUN} s per run after ${WARMUP_SECONDS} s warm-up; load average before $LOAD_BEFORE, after $LOAD_AFTER; took ${ELAPSED_S} s."
  echo
  "$JAVA" -cp "$BENCH_JAR" io.natsspring.benchmarks.report.ComparisonReportMain "$RESULTS" \
      --baseline nats-server --candidate ours --disturbed-pct "$DISTURBED_PCT" --spread-pct "$SPREAD_PCT"
} > "$OUT/table.md"
cat "$OUT/table.md"
log "table: $OUT/table.md; bench exit status $BENCH_EXIT"
exit "$BENCH_EXIT"
