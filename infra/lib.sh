# shellcheck shell=bash
# Process and environment helpers for the local stack, sourced by infra/stack.sh and by ./qyx.
#
# Sourcing this file defines QYX_* defaults (each overridable from the environment) and qyx_*
# functions. It deliberately sets no shell options: the caller owns those. Every function is safe
# under `set -euo pipefail` and reports failure through its exit code, with a message on stderr.
#
# A started process is tracked by $QYX_HOME/run/NAME.pid (the pid, nothing else). Each one runs in
# its own session (setsid), so stopping it reaches whatever it forked, and carries
# QYX_PROCESS=$QYX_HOME/run/NAME in its environment: a pid is only ever signalled while
# /proc/PID/environ still holds that tag, which protects against pid reuse after a crash or reboot.

# ---- Settings: the one place their defaults live -------------------------------------------------

QYX_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QYX_INFRA_DIR="$QYX_REPO_ROOT/infra"

# Everything the stack writes at run time (data, logs, pid files, stack.properties) lives here;
# `stack.sh down --purge` empties it. Tests point it at a throwaway directory.
: "${QYX_HOME:=$QYX_REPO_ROOT/.qyx}"
# Ports sit away from the standard ones (9092, 8081, 8123, 9000, ...) so a developer's own services
# and a system ClickHouse left running by its Debian package don't collide with ours.
: "${QYX_KAFKA_PORT:=19092}"
: "${QYX_KAFKA_CONTROLLER_PORT:=19093}"
: "${QYX_REGISTRY_PORT:=18081}"
: "${QYX_REGISTRY_MANAGEMENT_PORT:=18082}"
: "${QYX_CLICKHOUSE_HTTP_PORT:=18123}"
: "${QYX_CLICKHOUSE_TCP_PORT:=19000}"
: "${QYX_CLICKHOUSE_INTERSERVER_PORT:=19009}"
# ZooKeeper's client port, in the cluster layout only (QYX_CLUSTER=1): the ClickHouse replicas
# coordinate through it.
: "${QYX_ZOOKEEPER_PORT:=19181}"
# The demo's local webhook (./qyx demo, when no QYX_NOTIFY_WEBHOOK_URL is given).
: "${QYX_INBOX_PORT:=18090}"
# /metrics and /health of the apps: streams at this port, the sink at +1, the notifier at +2; on a
# cluster streams-2 at +3, sink-2 at +4.
: "${QYX_METRICS_PORT:=18190}"
# The office's dashboard (./qyx up starts it; 0: none, as on the fault suite's and the bench's stacks).
: "${QYX_DASHBOARD_PORT:=18180}"
# Where ./qyx up's notifier POSTs alert digests (notify.webhook.url); empty: no notifier runs.
: "${QYX_NOTIFY_WEBHOOK_URL:=}"
# json, or dingtalk for a DingTalk robot (notify.format).
: "${QYX_NOTIFY_FORMAT:=json}"
# 1: ./qyx up also starts the daily ticker (./qyx tick --daily), as in production.
: "${QYX_TICKER:=0}"
# Java for the broker (17 is enough); the registry needs 21+, found by qyx_java21.
: "${QYX_JAVA:=${JAVA_HOME:+$JAVA_HOME/bin/}java}"
: "${QYX_JAVA21_HOME:=}"
# Seconds to wait for one service to answer on `up`.
: "${QYX_UP_TIMEOUT:=90}"
# Resolve QYX_HOME to an absolute path once: pid tags and generated configs must not depend on the
# directory a later command happens to run in.
if [[ "$QYX_HOME" != /* ]]; then QYX_HOME="$PWD/$QYX_HOME"; fi
# 1: the stack as a cluster on this machine (docs/operators.md, "Past one machine"): three Kafka
# nodes (kafka, kafka-2, kafka-3: ports +10 and +20 of the Kafka ones; replication 3,
# min.insync.replicas 2), two ClickHouse replicas (clickhouse, clickhouse-2: ports +10 of the
# ClickHouse ones) with ZooKeeper (zookeeper, QYX_ZOOKEEPER_PORT), two instances of the streams app and
# of the sink. `./qyx up --cluster` sets it and marks its QYX_HOME ($QYX_HOME/cluster), so every later
# command on that home runs the same layout without being told again.
if [[ -z "${QYX_CLUSTER:-}" ]]; then
  if [[ -f "$QYX_HOME/cluster" ]]; then QYX_CLUSTER=1; else QYX_CLUSTER=0; fi
fi
if [[ "$QYX_CLUSTER" != 0 && "$QYX_CLUSTER" != 1 ]]; then
  printf 'qyx: QYX_CLUSTER=%s: 0 or 1\n' "$QYX_CLUSTER" >&2
  return 1 2>/dev/null || exit 1
fi
export QYX_HOME QYX_KAFKA_PORT QYX_KAFKA_CONTROLLER_PORT QYX_CLUSTER QYX_REGISTRY_PORT \
  QYX_REGISTRY_MANAGEMENT_PORT QYX_CLICKHOUSE_HTTP_PORT QYX_CLICKHOUSE_TCP_PORT \
  QYX_CLICKHOUSE_INTERSERVER_PORT QYX_ZOOKEEPER_PORT QYX_INBOX_PORT QYX_METRICS_PORT QYX_DASHBOARD_PORT QYX_NOTIFY_WEBHOOK_URL QYX_NOTIFY_FORMAT \
  QYX_TICKER QYX_JAVA QYX_JAVA21_HOME QYX_UP_TIMEOUT

# Names of the QYX_* settings, in the order `stack.sh env` prints them.
# shellcheck disable=SC2034 # used by stack.sh and ./qyx
QYX_SETTINGS=(QYX_HOME QYX_KAFKA_PORT QYX_KAFKA_CONTROLLER_PORT QYX_CLUSTER QYX_REGISTRY_PORT
  QYX_REGISTRY_MANAGEMENT_PORT QYX_CLICKHOUSE_HTTP_PORT QYX_CLICKHOUSE_TCP_PORT
  QYX_CLICKHOUSE_INTERSERVER_PORT QYX_ZOOKEEPER_PORT QYX_INBOX_PORT QYX_METRICS_PORT QYX_DASHBOARD_PORT QYX_NOTIFY_WEBHOOK_URL QYX_NOTIFY_FORMAT
  QYX_TICKER QYX_JAVA QYX_JAVA21_HOME QYX_UP_TIMEOUT)

# ---- Small helpers ----------------------------------------------------------------------------------

qyx_log() { printf '%s\n' "$*" >&2; }
qyx_die() { printf 'qyx: %s\n' "$*" >&2; return 1; }

# qyx_run_dir: prints $QYX_HOME/run.
qyx_run_dir() { printf '%s\n' "$QYX_HOME/run"; }

# qyx_home_init: creates $QYX_HOME and its .qyx-home marker. Only a new or empty directory is
# adopted, and `down --purge` only empties a marked one: a QYX_HOME set by mistake to a directory
# holding other files is refused instead of being wiped later.
qyx_home_init() {
  if [[ -f "$QYX_HOME/.qyx-home" ]]; then
    mkdir -p "$QYX_HOME/run" "$QYX_HOME/logs"
    return
  fi
  case "$QYX_HOME" in
    / | "${HOME:-/}" | "$QYX_REPO_ROOT" | "$QYX_INFRA_DIR")
      qyx_die "QYX_HOME=$QYX_HOME is not a directory the stack may own; pick a dedicated one"
      return 1 ;;
  esac
  if [[ -d "$QYX_HOME" && -n "$(ls -A "$QYX_HOME")" ]]; then
    qyx_die "QYX_HOME=$QYX_HOME already holds files and has no .qyx-home marker;" \
      "point QYX_HOME at a new or empty directory"
    return 1
  fi
  mkdir -p "$QYX_HOME/run" "$QYX_HOME/logs" || return 1
  echo "Local state of the qyx stack; 'infra/stack.sh down --purge' empties this directory." \
    >"$QYX_HOME/.qyx-home"
}

# qyx_now_ms: wall-clock milliseconds (bash 5's EPOCHREALTIME, no fork).
qyx_now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  printf '%s\n' $((t / 1000))
}

# qyx_port_open PORT [HOST]: exit 0 if something accepts TCP connections there.
qyx_port_open() {
  (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null
}

# qyx_port_owner PORT: prints "command (pid N)" of the local listener on PORT when ss can tell.
qyx_port_owner() {
  local owners
  owners=$(ss -Hltnp "sport = :$1" 2>/dev/null |
    sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p') || true
  printf '%s\n' "${owners%%$'\n'*}"
}

# ---- Processes ----------------------------------------------------------------------------------------

# qyx_alive PID TAG: exit 0 if PID is a live (non-zombie) process whose environment holds
# QYX_PROCESS=TAG.
qyx_alive() {
  local pid=$1 tag=$2 state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # Field 3 of /proc/PID/stat is the state; the command name before it may hold spaces or ')'.
  state=$(sed -n 's/.*) \([A-Za-z]\).*/\1/p' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ -n "$state" && "$state" != Z && "$state" != X ]] || return 1
  # -z: environ is NUL-separated. No pipe into grep -q here: under pipefail the writer's SIGPIPE
  # when grep stops early would read as "not ours".
  grep -qzxF "QYX_PROCESS=$tag" "/proc/$pid/environ" 2>/dev/null
}

# qyx_pid NAME: prints the pid of NAME if it is running; exit 1 (silently) if not.
qyx_pid() {
  local name=$1 pidfile pid
  pidfile="$(qyx_run_dir)/$name.pid"
  [[ -f "$pidfile" ]] || return 1
  pid=$(<"$pidfile") || return 1
  qyx_alive "$pid" "$(qyx_run_dir)/$name" || return 1
  printf '%s\n' "$pid"
}

# qyx_running NAME: exit 0 if NAME is running (live pid from its pid file, tagged by us).
qyx_running() {
  qyx_pid "$1" >/dev/null
}

# qyx_start NAME LOGFILE CMD...: runs CMD detached in its own session (setsid + nohup, stdin from
# /dev/null, stdout and stderr to LOGFILE) and writes $QYX_HOME/run/NAME.pid. The previous
# LOGFILE, if any, is kept as LOGFILE.1, so the new one holds only this run (readiness checks grep
# it). Refuses if NAME is already running. CMD runs in the current directory.
qyx_start() {
  if (($# < 3)); then qyx_die "usage: qyx_start NAME LOGFILE CMD..."; return 1; fi
  local name=$1 logfile=$2 pid rundir pidfile i
  shift 2
  qyx_home_init || return 1
  if pid=$(qyx_pid "$name"); then
    qyx_die "$name is already running (pid $pid, $(qyx_run_dir)/$name.pid); stop it first"
    return 1
  fi
  rundir=$(qyx_run_dir)
  pidfile="$rundir/$name.pid"
  rm -f "$pidfile"
  mkdir -p "$(dirname "$logfile")" || return 1
  if [[ -f "$logfile" ]]; then mv -f "$logfile" "$logfile.1"; fi
  # The inner shell writes its own pid, then execs CMD under the same pid. Taking $! instead would be
  # wrong whenever setsid has to fork (when the caller runs with job control, as an interactive
  # shell does). Writing to a temp name and renaming keeps readers from seeing a half-written file.
  # shellcheck disable=SC2016 # expanded by the inner shell
  QYX_PROCESS="$rundir/$name" setsid nohup bash -c \
    'echo "$$" >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$logfile" 2>&1 &
  for ((i = 0; i < 100; i++)); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.05
  done
  qyx_die "$name did not start within 5 s; see $logfile"
  return 1
}

# qyx_forget NAME: removes NAME's pid file if it names no running process of ours; exit 1 if NAME
# is running after all. Asks twice, 0.2 s apart, so a process caught mid-exec by a concurrent
# `qyx_start` is not mistaken for a dead one and left untracked.
qyx_forget() {
  local pidfile
  pidfile="$(qyx_run_dir)/$1.pid"
  qyx_running "$1" && return 1
  sleep 0.2
  qyx_running "$1" && return 1
  rm -f "$pidfile"
}

# qyx_stop NAME [TIMEOUT_S]: SIGTERM to NAME's session, waits up to TIMEOUT_S (default 30) for it to
# exit, then SIGKILL; removes the pid file. Exit 0 also when NAME was not running (its stale pid file
# is removed). Prints nothing; callers say what they stopped.
qyx_stop() {
  local name=$1 timeout=${2:-30} pid pidfile deadline
  pidfile="$(qyx_run_dir)/$name.pid"
  if ! pid=$(qyx_pid "$name"); then
    qyx_forget "$name" || qyx_stop "$@"
    return
  fi
  # setsid made pid the leader of its own process group: signalling -pid also reaches its children.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  deadline=$(($(qyx_now_ms) + timeout * 1000))
  while qyx_alive "$pid" "$(qyx_run_dir)/$name"; do
    if (($(qyx_now_ms) >= deadline)); then
      qyx_log "qyx: $name (pid $pid) still running after ${timeout}s; sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.1
  done
  # Children the leader left behind in its group get the same end, not an orphaned life.
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

# qyx_names: prints the NAME of every pid file under $QYX_HOME/run, most recently started first.
qyx_names() {
  local rundir
  rundir=$(qyx_run_dir)
  [[ -d "$rundir" ]] || return 0
  # shellcheck disable=SC2012 # the names are ours (NAME.pid), without odd characters
  ls -1t "$rundir" | sed -n 's/\.pid$//p'
}

# qyx_rss NAME: prints the resident memory of NAME's session (the process and anything it forked), in
# MB, from /proc; exit 1 if NAME is not running.
qyx_rss() {
  local pid kb=0 f stat sid rss_pages page_kb
  pid=$(qyx_pid "$1") || return 1
  page_kb=$(($(getconf PAGESIZE) / 1024))
  for f in /proc/[0-9]*/stat; do
    { stat=$(<"$f"); } 2>/dev/null || continue  # processes come and go while we look
    stat=${stat##*) }
    # After the command name: state(1) ppid(2) pgrp(3) session(4) ... rss(22), in pages.
    read -r _ _ _ sid _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ rss_pages _ <<<"$stat"
    [[ "$sid" == "$pid" ]] && kb=$((kb + rss_pages * page_kb))
  done
  printf '%s\n' $((kb / 1024))
}

# qyx_wait_for [--name NAME] [--log FILE]... DESCRIPTION TIMEOUT_S CMD...: runs CMD every 0.2 s
# until it succeeds. Fails after TIMEOUT_S seconds, or as soon as process NAME has exited (no point
# waiting out the timeout for a server that died on a taken port), printing DESCRIPTION and the
# last 30 lines of each non-empty FILE.
qyx_wait_for() {
  local name='' logs=() log
  while (($# > 0)); do
    case "$1" in
      --name) name=$2; shift 2 ;;
      --log) logs+=("$2"); shift 2 ;;
      *) break ;;
    esac
  done
  if (($# < 3)); then
    qyx_die "usage: qyx_wait_for [--name NAME] [--log FILE]... DESCRIPTION TIMEOUT_S CMD..."
    return 1
  fi
  local what=$1 timeout=$2 deadline reason
  shift 2
  deadline=$(($(qyx_now_ms) + timeout * 1000))
  while true; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ -n "$name" ]] && ! qyx_running "$name"; then
      reason="$name exited"
      break
    fi
    if (($(qyx_now_ms) >= deadline)); then
      reason="timed out after ${timeout}s"
      break
    fi
    sleep 0.2
  done
  qyx_log "qyx: gave up waiting for $what: $reason"
  for log in "${logs[@]}"; do
    [[ -s "$log" ]] || continue
    qyx_log "---- last lines of $log ----"
    tail -n 30 "$log" >&2
    qyx_log "----"
  done
  return 1
}

# ---- Java -----------------------------------------------------------------------------------------------

# qyx_java_major JAVA: prints the feature version (17, 21, 25, ...) of the java executable JAVA.
qyx_java_major() {
  local java=$1 home v
  home=$(dirname "$(dirname "$(readlink -f "$java")")")
  # The JDK's release file answers without starting a JVM.
  if [[ -f "$home/release" ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [[ -z "${v:-}" ]]; then
    v=$("$java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
  fi
  [[ -n "${v:-}" ]] || return 1
  printf '%s\n' "$v"
}

# qyx_java21: prints the path of a java executable of version 21 or later: $QYX_JAVA21_HOME/bin/java
# if set, else the newest under /usr/lib/jvm. Apicurio Registry 3.3 needs it.
qyx_java21() {
  local java v best='' best_v=0
  if [[ -n "$QYX_JAVA21_HOME" ]]; then
    java="$QYX_JAVA21_HOME/bin/java"
    v=$(qyx_java_major "$java" 2>/dev/null) || v=0
    if [[ -x "$java" ]] && ((v >= 21)); then
      printf '%s\n' "$java"
      return 0
    fi
    qyx_die "QYX_JAVA21_HOME=$QYX_JAVA21_HOME has no java 21 or later in bin/ (found version ${v})"
    return 1
  fi
  for java in /usr/lib/jvm/*/bin/java; do
    [[ -x "$java" ]] || continue
    v=$(qyx_java_major "$java" 2>/dev/null) || continue
    if ((v >= 21 && v > best_v)); then best=$java; best_v=$v; fi
  done
  if [[ -n "$best" ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  qyx_die "Apicurio Registry needs Java 21 or later and none was found under /usr/lib/jvm." \
    "Install a JDK 21+ there (e.g. Temurin from https://adoptium.net) or set QYX_JAVA21_HOME to one."
  return 1
}
