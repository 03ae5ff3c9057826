# Sourced by compare.sh and startup.sh: the first answers of a server that is starting, timed from its launch.
#
# first_answers PORT T0_US DEADLINE_US PID [info]: connects every 5 ms until the server accepts and sends its INFO line,
# then, on that first connection, as a client would: CONNECT + PING -> PONG, a $JS.API.INFO request -> its answer,
# a $JS.API.STREAM.CREATE request (a file stream FIRST_ANSWERS) -> its answer. Sets FA_INFO_MS, FA_PONG_MS,
# FA_JS_MS, FA_STREAM_MS (ms since T0_US, the launch) and FA_CPU_INFO_MS, FA_CPU_STREAM_MS (CPU time, user +
# system, the server had used at the INFO and at the stream answer), and FA_PONG_LAT_MS, FA_JS_LAT_MS, FA_STREAM_LAT_MS
# (each request's own round trip). FA_GAP (seconds, default 0) waits that long after the INFO before the CONNECT:
# a client that comes a moment after the start rather than at once. Returns 1 (FA_ERROR says why) when the
# server exits, the deadline passes or an answer is missing or an error. With "info" it stops at the INFO line.
#
# This only writes the protocol lines a probe needs (as the INFO check always did with /dev/tcp); it is not a client.

FA_HZ="$(getconf CLK_TCK)"

# Writes its arguments (printf format and values) to fd $1 in one write(2), without starting a process: printf
# flushes at every newline of its format, and a request split into segments waits for the delayed ACK of the first
# (Nagle: ~40 ms on loopback); formatted first and written with '%s' it goes out whole.
fa_send() {
  local fd="$1" out; shift
  # shellcheck disable=SC2059
  printf -v out "$@"
  printf '%s' "$out" >&"$fd"
}

# Sets FA_CPU to the CPU time (user + system, ms) process $1 has used; no process started (it would be timed).
fa_cpu() {
  local stat fields
  FA_CPU="?"
  read -r stat < "/proc/$1/stat" 2>/dev/null || return 0
  read -r -a fields <<< "${stat##*) }"
  FA_CPU=$(( (fields[11] + fields[12]) * 1000 / FA_HZ ))
}

# Reads lines from fd $1 until one starts with $2 (skipping +OK and PING, answering PING), within 10 s. For MSG, the
# payload line that follows is read into FA_PAYLOAD.
fa_await() {
  local fd="$1" want="$2" line
  FA_PAYLOAD=
  while read -r -t 10 -u "$fd" line; do
    line="${line%$'\r'}"
    case "$line" in
      "$want"*)
        if [[ "$want" == MSG ]]; then read -r -t 10 -u "$fd" FA_PAYLOAD || return 1; FA_PAYLOAD="${FA_PAYLOAD%$'\r'}"; fi
        return 0 ;;
      PING) fa_send "$fd" 'PONG\r\n' ;;
      -ERR*) FA_ERROR="server said $line"; return 1 ;;
    esac
  done
  FA_ERROR="no $want within 10 s"
  return 1
}

first_answers() {
  local port="$1" t0="$2" deadline="$3" pid="$4" info_only="${5:-}" fd line body
  FA_ERROR=
  while true; do
    if { exec {fd}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      if read -r -t 2 -u "$fd" line && [[ "$line" == INFO* ]]; then break; fi
      exec {fd}>&-
    fi
    kill -0 "$pid" 2>/dev/null || { FA_ERROR="the server exited during startup"; return 1; }
    (( ${EPOCHREALTIME/./} < deadline )) || { FA_ERROR="no connection accepted before the deadline"; return 1; }
    sleep 0.005
  done
  FA_INFO_MS=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
  fa_cpu "$pid"; FA_CPU_INFO_MS=$FA_CPU
  [[ "$info_only" == info ]] && { exec {fd}>&-; return 0; }
  [[ "${FA_GAP:-0}" == 0 ]] || sleep "$FA_GAP"
  local sent=${EPOCHREALTIME/./}
  fa_send "$fd" 'CONNECT {"verbose":false,"pedantic":false,"lang":"probe","version":"1","protocol":1,"headers":true}\r\nPING\r\n'
  fa_await "$fd" PONG || { exec {fd}>&-; return 1; }
  FA_PONG_MS=$(( (${EPOCHREALTIME/./} - t0) / 1000 )); FA_PONG_LAT_MS=$(( (${EPOCHREALTIME/./} - sent) / 1000 ))
  sent=${EPOCHREALTIME/./}
  fa_send "$fd" 'SUB _INBOX.first_answers 1\r\nPUB $JS.API.INFO _INBOX.first_answers 0\r\n\r\n'
  fa_await "$fd" MSG || { exec {fd}>&-; return 1; }
  [[ "$FA_PAYLOAD" == *'"error"'* ]] && { FA_ERROR="\$JS.API.INFO answered $FA_PAYLOAD"; exec {fd}>&-; return 1; }
  FA_JS_MS=$(( (${EPOCHREALTIME/./} - t0) / 1000 )); FA_JS_LAT_MS=$(( (${EPOCHREALTIME/./} - sent) / 1000 ))
  body='{"name":"FIRST_ANSWERS","subjects":["first.answers.>"],"storage":"file"}'
  sent=${EPOCHREALTIME/./}
  fa_send "$fd" 'PUB $JS.API.STREAM.CREATE.FIRST_ANSWERS _INBOX.first_answers %d\r\n%s\r\n' "${#body}" "$body"
  fa_await "$fd" MSG || { exec {fd}>&-; return 1; }
  [[ "$FA_PAYLOAD" == *'"error"'* ]] && { FA_ERROR="stream create answered $FA_PAYLOAD"; exec {fd}>&-; return 1; }
  FA_STREAM_MS=$(( (${EPOCHREALTIME/./} - t0) / 1000 )); FA_STREAM_LAT_MS=$(( (${EPOCHREALTIME/./} - sent) / 1000 ))
  fa_cpu "$pid"; FA_CPU_STREAM_MS=$FA_CPU
  exec {fd}>&-
  return 0
}
