#!/usr/bin/env bash
# Cold start of the standalone broker: launch -> first INFO line on a fresh connection, then the first answers on
# that connection, N launches, median.
#
# Each launch is a new process on a free loopback port with a fresh JetStream store; a connection is attempted
# every 5 ms and the time is taken when a line starting with INFO arrives; on that connection CONNECT + PING, a
# $JS.API.INFO request and a stream create follow, each timed from the launch (benchmarks/first-answers.sh); the
# broker is then stopped (SIGTERM, so an AppCDS archive or AOT cache the JVM writes at exit is written). Prints
# every launch, then the median (min-max) in ms of each, and the median CPU time (user + system) the server had
# used at the INFO and at the stream answer.
#
# usage: benchmarks/startup.sh [--runs N] [--launcher] [--nats-server] [--label TEXT] [-- extra broker/JVM args]
#   --launcher     start through nats-spring-broker/bin/nats-spring-broker (its JVM defaults; JAVA_OPTS and the
#                  NATS_SPRING_BROKER_* variables are passed on) instead of `$JAVA $BROKER_JAVA_OPTS -jar`
#   --nats-server  start $NATS_SERVER instead (the reference)
# environment: FA_GAP (seconds between the INFO and the CONNECT, default 0), JAVA (default java), BROKER_JAR (default the built one), BROKER_JAVA_OPTS, NATS_SERVER
#              (default the newest /opt/nats/<version>/usr/sbin/nats-server), STARTUP_TIMEOUT (s, default 30)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-java}"
BROKER_JAR="${BROKER_JAR:-$ROOT/nats-spring-broker/target/nats-spring-broker.jar}"
BROKER_JAVA_OPTS="${BROKER_JAVA_OPTS:-}"
NATS_SERVER="${NATS_SERVER:-$(ls -d /opt/nats/*/usr/sbin/nats-server 2>/dev/null | sort -V | tail -1)}"
NATS_SERVER="${NATS_SERVER:-/usr/sbin/nats-server}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-30}"
RUNS=5
MODE=jar
LABEL=

while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --launcher) MODE=launcher; shift ;;
    --nats-server) MODE=nats-server; shift ;;
    --label) LABEL="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "startup.sh: unknown argument $1" >&2; exit 1 ;;
  esac
done
EXTRA=("$@")

now_us() { local t="${EPOCHREALTIME}"; echo "${t/./}"; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/nats-startup.XXXXXX")"
PID=
stop() {
  [[ -n "$PID" ]] || return 0
  kill -TERM "$PID" 2>/dev/null || true
  # an AppCDS archive or AOT cache is written at exit: on a busy machine that takes more than a few seconds
  for _ in $(seq 1 1200); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=
}
trap 'stop; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  while true; do
    p=$((20000 + RANDOM % 40000))
    ss -Htln "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return; }
  done
}

# shellcheck source=first-answers.sh
. "$ROOT/benchmarks/first-answers.sh"

infos=(); pongs=(); jss=(); streams=(); cpus=(); cpu_streams=()
for run in $(seq 1 "$RUNS"); do
  port="$(free_port)"; store="$WORK/store-$run"; mkdir -p "$store"
  args=(-a 127.0.0.1 -p "$port" -js -sd "$store")
  t0="$(now_us)"
  # shellcheck disable=SC2086
  case "$MODE" in
    nats-server) "$NATS_SERVER" "${args[@]}" "${EXTRA[@]}" >>"$WORK/log" 2>&1 & ;;
    launcher) JAVA="$JAVA" NATS_SPRING_BROKER_JAR="$BROKER_JAR" "$ROOT/nats-spring-broker/bin/nats-spring-broker" \
                "${args[@]}" "${EXTRA[@]}" >>"$WORK/log" 2>&1 & ;;
    jar) "$JAVA" $BROKER_JAVA_OPTS -jar "$BROKER_JAR" "${args[@]}" "${EXTRA[@]}" >>"$WORK/log" 2>&1 & ;;
  esac
  PID=$!
  deadline=$(( t0 + STARTUP_TIMEOUT * 1000000 ))
  if ! first_answers "$port" "$t0" "$deadline" "$PID"; then
    echo "startup.sh: $FA_ERROR; the server's log:" >&2; tail -20 "$WORK/log" >&2; exit 1
  fi
  infos+=("$FA_INFO_MS"); pongs+=("$FA_PONG_MS"); jss+=("$FA_JS_MS"); streams+=("$FA_STREAM_MS")
  # CPU the server used until then (user + system, all threads): less disturbed by a busy machine than the wall time
  cpus+=("$FA_CPU_INFO_MS"); cpu_streams+=("$FA_CPU_STREAM_MS")
  echo "run $run: INFO $FA_INFO_MS ms, PONG $FA_PONG_MS ms, \$JS.API.INFO $FA_JS_MS ms, stream created $FA_STREAM_MS ms (round trips: PONG $FA_PONG_LAT_MS, JS.API.INFO $FA_JS_LAT_MS, stream create $FA_STREAM_LAT_MS ms; server CPU $FA_CPU_INFO_MS ms at INFO, $FA_CPU_STREAM_MS ms at the stream)"
  stop
done
# median (min-max) of the arguments
summary() {
  local sorted
  sorted=($(printf '%s\n' "$@" | sort -n))
  echo "${sorted[$(( ${#sorted[@]} / 2 ))]} (${sorted[0]}-${sorted[-1]})"
}
echo "startup ${LABEL:-$MODE}: $RUNS runs, load $(cut -d' ' -f1 /proc/loadavg); medians (min-max), ms: INFO $(summary "${infos[@]}"), PONG $(summary "${pongs[@]}"), JS.API.INFO $(summary "${jss[@]}"), stream created $(summary "${streams[@]}"); server CPU at INFO $(summary "${cpus[@]}"), at the stream $(summary "${cpu_streams[@]}")"
