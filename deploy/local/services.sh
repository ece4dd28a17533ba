#!/usr/bin/env bash
# Starts, stops and reports the four services, each as two processes (HTTP app and
# consumer app), from the project's virtual environment. Usage: services.sh up|down|status
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE=${EMT_LOCAL_DIR:-$ROOT/.local}/services
PY="$ROOT/.venv/bin"
TIMEOUT=${EMT_SERVICES_TIMEOUT:-60}
mkdir -p "$STATE"

# name  module                               port
PROCESSES="
registration-http      registration.entrypoints.http:create_app       ${EMT_REGISTRATION_HTTP_PORT:-8001}
registration-consumer  registration.entrypoints.consumers:create_app  ${EMT_REGISTRATION_CONSUMER_PORT:-8101}
review-http            review.entrypoints.http:create_app             ${EMT_REVIEW_HTTP_PORT:-8002}
review-consumer        review.entrypoints.consumers:create_app        ${EMT_REVIEW_CONSUMER_PORT:-8102}
notify-http            notify.entrypoints.http:create_app             ${EMT_NOTIFY_HTTP_PORT:-8003}
notify-consumer        notify.entrypoints.consumers:create_app        ${EMT_NOTIFY_CONSUMER_PORT:-8103}
reporting-http         reporting.entrypoints.http:create_app          ${EMT_REPORTING_HTTP_PORT:-8004}
reporting-consumer     reporting.entrypoints.consumers:create_app     ${EMT_REPORTING_CONSUMER_PORT:-8104}
access-http            access.entrypoints.http:create_app             ${EMT_ACCESS_HTTP_PORT:-8005}
access-consumer        access.entrypoints.consumers:create_app        ${EMT_ACCESS_CONSUMER_PORT:-8105}
portal                 portal.entrypoints.http:create_app             ${EMT_PORTAL_HTTP_PORT:-8000}
"
# People sign in at the local Keycloak; `emt-token`'s development tokens work beside it (ADR 0021).
export EMT_AUTH_MODE=${EMT_AUTH_MODE:-local+oidc}
export EMT_OIDC_ISSUER=${EMT_OIDC_ISSUER:-http://127.0.0.1:${EMT_KEYCLOAK_PORT:-8180}/realms/emutrack}

say() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
healthy() { curl -fs -o /dev/null "http://127.0.0.1:$1/health"; }
port_variable() { printf 'EMT_%s_PORT' "$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')"; }

# A local mail sink for notify's e-mails (prints each message to its log), unless a real SMTP
# server is configured with EMT_NOTIFY_SMTP_HOST.
MAIL_PORT=${EMT_NOTIFY_SMTP_PORT:-2525}
mail_sink_up() {
  [ -z "${EMT_NOTIFY_SMTP_HOST:-}" ] || return 0
  if pid_alive "$STATE/mail-sink.pid"; then say "mail-sink: already running (port $MAIL_PORT)"; return 0; fi
  # Taken, notify's e-mails would go to whatever listens there (another stack's sink).
  if port_open "$MAIL_PORT"; then
    die "mail-sink: port $MAIL_PORT is taken; set EMT_NOTIFY_SMTP_PORT (notify sends there too)"
  fi
  nohup setsid "$PY/python" -m aiosmtpd -n -u -l "127.0.0.1:$MAIL_PORT" -c aiosmtpd.handlers.Debugging \
    >"$STATE/mail-sink.log" 2>&1 </dev/null &
  echo $! >"$STATE/mail-sink.pid"
  say "mail-sink: smtp://127.0.0.1:$MAIL_PORT (messages in $STATE/mail-sink.log)"
}

# A port already answering would pass the health check for a process that failed to bind it.
check_ports() {
  echo "$PROCESSES" | while read -r name module port; do
    [ -n "$name" ] || continue
    pid_alive "$STATE/$name.pid" && continue
    if port_open "$port"; then die "$name: port $port is taken (another stack?); set $(port_variable "$name")"; fi
  done
}

up() {
  check_ports
  mail_sink_up
  echo "$PROCESSES" | while read -r name module port; do
    [ -n "$name" ] || continue
    if pid_alive "$STATE/$name.pid"; then say "$name: already running (port $port)"; continue; fi
    nohup setsid "$PY/uvicorn" --factory "$module" --host 127.0.0.1 --port "$port" --log-level warning \
      >"$STATE/$name.log" 2>&1 </dev/null &
    echo $! >"$STATE/$name.pid"
  done
  echo "$PROCESSES" | while read -r name module port; do
    [ -n "$name" ] || continue
    local waited=0
    until healthy "$port"; do
      if ! pid_alive "$STATE/$name.pid"; then tail -20 "$STATE/$name.log" >&2; say "ERROR: $name exited (log: $STATE/$name.log)"; exit 1; fi
      [ "$waited" -ge "$TIMEOUT" ] && { say "ERROR: $name not healthy after ${TIMEOUT}s"; exit 1; }
      sleep 0.5; waited=$((waited + 1))
    done
    say "$name: up on http://127.0.0.1:$port"
  done
}

down() {
  local pids=()
  for pidfile in "$STATE"/*.pid; do
    [ -f "$pidfile" ] || continue
    if pid_alive "$pidfile"; then
      pids+=("$(cat "$pidfile")")
      kill -TERM "${pids[-1]}" 2>/dev/null || true
      say "$(basename "$pidfile" .pid): stopping"
    fi
    rm -f "$pidfile"
  done
  # Wait until they have let go of their ports (a following `up` finds them free).
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
}

status() {
  echo "$PROCESSES" | while read -r name module port; do
    [ -n "$name" ] || continue
    if pid_alive "$STATE/$name.pid" && healthy "$port"; then say "$name: running on $port"; else say "$name: stopped"; fi
  done
  if pid_alive "$STATE/mail-sink.pid"; then say "mail-sink: running on $MAIL_PORT"; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
