#!/usr/bin/env bash
# Cold start of the standalone broker: launch -> first INFO line on a fresh connection, N launches, median.
#
# Each launch is a new process on a free loopback port with a fresh JetStream store; a connection is attempted
# every 5 ms and the time is taken when a line starting with INFO arrives; the broker is then stopped (SIGTERM, so
# an AppCDS archive the JVM writes at exit is written). Prints every launch, then median (min-max) in ms, and the
# median CPU time (user + system) the server had used when the INFO arrived.
#
# usage: benchmarks/startup.sh [--runs N] [--launcher] [--nats-server] [--label TEXT] [-- extra broker/JVM args]
#   --launcher     start through nats-spring-broker/bin/nats-spring-broker (its JVM defaults; JAVA_OPTS and the
#                  NATS_SPRING_BROKER_* variables are passed on) instead of `$JAVA $BROKER_JAVA_OPTS -jar`
#   --nats-server  start $NATS_SERVER instead (the reference)
# environment: JAVA (default java), BROKER_JAR (default the built one), BROKER_JAVA_OPTS, NATS_SERVER
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
  for _ in $(seq 1 200); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
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

info_line_received() {
  local fd line
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  if read -r -t 2 -u "$fd" line && [[ "$line" == INFO* ]]; then exec {fd}>&-; return 0; fi
  exec {fd}>&-
  return 1
}

times=()
cpus=()
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
  until info_line_received "$port"; do
    kill -0 "$PID" 2>/dev/null || { echo "startup.sh: the server exited; its log:" >&2; tail -20 "$WORK/log" >&2; exit 1; }
    (( $(now_us) < deadline )) || { echo "startup.sh: no INFO within $STARTUP_TIMEOUT s" >&2; exit 1; }
    sleep 0.005
  done
  ms=$(( ($(now_us) - t0) / 1000 ))
  times+=("$ms")
  # CPU the server used until then (user + system, all threads): less disturbed by a busy machine than the wall time
  cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz }' "/proc/$PID/stat" 2>/dev/null || echo "?")
  cpus+=("$cpu_ms")
  echo "run $run: $ms ms (server CPU $cpu_ms ms)"
  stop
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( ${#sorted[@]} / 2 ))]}
cpu_sorted=($(printf '%s\n' "${cpus[@]}" | sort -n))
echo "startup ${LABEL:-$MODE}: median $median ms (${sorted[0]}-${sorted[-1]}), server CPU median ${cpu_sorted[$(( ${#cpu_sorted[@]} / 2 ))]} ms, $RUNS runs, load $(cut -d' ' -f1 /proc/loadavg)"
