#!/usr/bin/env bash
# infra/supervise.sh NAME CMD...: runs CMD, and runs it again whenever it exits on its own, after a
# delay that doubles from 1 s to 60 s (back to 1 s once a run lasted a minute), logging why on
# stdout (the app's log). SIGTERM or SIGINT stops CMD and the supervisor, without a restart.
#
# Why a launcher of our own and not systemd user units: ./qyx runs on machines and in CI containers
# without a user systemd instance (no login session, no D-Bus), and under $QYX_HOME as any user;
# infra/systemd/ has the production units, where systemd does this job (Restart=on-failure).
set -uo pipefail

name=${1:?usage: supervise.sh NAME CMD...}
shift
(($# > 0)) || { echo "usage: supervise.sh NAME CMD..." >&2; exit 2; }

child=''
stopping=0
trap 'stopping=1; [[ -n $child ]] && kill -TERM "$child" 2>/dev/null' TERM INT
childfile=${QYX_PROCESS:+$QYX_PROCESS.child}
delay=1
restarts=0
while true; do
  started=$SECONDS
  "$@" &
  child=$!
  # A signal between the start and the line above found no child to pass on to: pass it now.
  ((stopping)) && kill -TERM "$child" 2>/dev/null
  [[ -n $childfile ]] && echo "$child" >"$childfile"
  rc=0
  wait "$child" || rc=$?
  # A trapped signal ends `wait` early: wait for the child itself.
  while kill -0 "$child" 2>/dev/null; do wait "$child" || rc=$?; done
  child='' # gone: its pid may be another process's by the next signal
  ((stopping)) && break
  if ((SECONDS - started >= 60)); then delay=1; fi
  restarts=$((restarts + 1))
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) qyx supervise: $name exited with code $rc after $((SECONDS - started)) s; restart $restarts in ${delay} s"
  sleep "$delay" &
  wait $! || true
  ((stopping)) && break
  delay=$((delay * 2 > 60 ? 60 : delay * 2))
done
[[ -n $childfile ]] && rm -f "$childfile"
exit 0
