#!/usr/bin/env bash
# Starts, stops and reports the local servers (Apache Kafka in KRaft mode, FerretDB on
# SQLite, Keycloak) that development and tests use when no container engine is available.
# Usage: deploy/local/infra.sh up|down|status
# Everything it downloads, builds, logs and stores lives under $EMT_LOCAL_DIR (.local/).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/deploy/local"
STATE=${EMT_LOCAL_DIR:-$ROOT/.local}
KAFKA_PORT=${EMT_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${EMT_KAFKA_CONTROLLER_PORT:-9093}
FERRETDB_PORT=${EMT_FERRETDB_PORT:-27017}
TIMEOUT=${EMT_INFRA_TIMEOUT:-180}

say() { printf '[infra] %s\n' "$*"; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# A second server on the same data directory would corrupt the first one's data.
elsewhere() {
  printf '%s of %s (pid %s) is running, but not on port %s: still starting, or on other ports; ' \
    "$1" "$STATE" "$(cat "$2")" "$3"
  printf 'a second stack needs its own EMT_LOCAL_DIR'
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed: $2"
}

# ---------------------------------------------------------------- Kafka
KDIR="$STATE/kafka"
kafka_install() {
  need java "install a Java 17+ runtime (apt-get install openjdk-17-jre-headless)"
  need mvn "install Apache Maven (apt-get install maven) to resolve Kafka's jars"
  if [ ! -f "$KDIR/libs/.complete" ]; then
    say "resolving Apache Kafka jars from Maven Central (first run only)..."
    mkdir -p "$KDIR/libs"
    mvn -q -B -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$KDIR/libs" -DincludeScope=runtime >"$KDIR/mvn.log" 2>&1 \
      || { tail -20 "$KDIR/mvn.log" >&2; die "maven could not resolve Kafka (log: $KDIR/mvn.log)"; }
    touch "$KDIR/libs/.complete"
  fi
}

kafka_java() {
  java -Xms256m -Xmx768m -XX:+UseG1GC \
    -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" \
    -Dkafka.logs.dir="$KDIR/logs" -cp "$KDIR/libs/*" "$@"
}

kafka_up() {
  if [ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
    say "Kafka: using KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS (not starting a local one)"
    return
  fi
  if pid_alive "$KDIR/kafka.pid"; then
    port_open "$KAFKA_PORT" || die "$(elsewhere Kafka "$KDIR/kafka.pid" "$KAFKA_PORT")"
    say "Kafka: already running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$KDIR/kafka.pid"))"
    return
  fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process (see: ss -ltnp | grep $KAFKA_PORT); set EMT_KAFKA_PORT or KAFKA_BOOTSTRAP_SERVERS"
  port_open "$KAFKA_CONTROLLER_PORT" && die "port $KAFKA_CONTROLLER_PORT (Kafka controller) is taken; set EMT_KAFKA_CONTROLLER_PORT"
  kafka_install
  mkdir -p "$KDIR/data" "$KDIR/logs"
  sed -e "s#@DATA_DIR@#$KDIR/data#" -e "s#@PORT@#$KAFKA_PORT#" \
      -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#" \
      "$HERE/kafka/server.properties.tmpl" >"$KDIR/server.properties"
  if [ ! -f "$KDIR/data/meta.properties" ]; then
    [ -f "$KDIR/cluster.id" ] || kafka_java kafka.tools.StorageTool random-uuid >"$KDIR/cluster.id"
    say "Kafka: formatting the KRaft log dir"
    kafka_java kafka.tools.StorageTool format -t "$(cat "$KDIR/cluster.id")" \
      -c "$KDIR/server.properties" --ignore-formatted >"$KDIR/logs/format.log" 2>&1 \
      || { cat "$KDIR/logs/format.log" >&2; die "Kafka storage format failed"; }
  fi
  say "Kafka: starting on 127.0.0.1:$KAFKA_PORT"
  : >"$KDIR/logs/server.log"
  nohup setsid java -Xms256m -Xmx768m -XX:+UseG1GC \
    -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" -Dkafka.logs.dir="$KDIR/logs" \
    -cp "$KDIR/libs/*" kafka.Kafka "$KDIR/server.properties" >"$KDIR/logs/stdout.log" 2>&1 </dev/null &
  echo $! >"$KDIR/kafka.pid"
  local waited=0
  until port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$KDIR/logs/server.log" 2>/dev/null; do
    if ! pid_alive "$KDIR/kafka.pid"; then
      tail -30 "$KDIR/logs/stdout.log" "$KDIR/logs/server.log" >&2 || true
      die "Kafka exited during start (logs: $KDIR/logs)"
    fi
    [ "$waited" -ge "$TIMEOUT" ] && die "Kafka was not ready after ${TIMEOUT}s (logs: $KDIR/logs)"
    sleep 1; waited=$((waited + 1))
  done
  say "Kafka: ready after ${waited}s"
}

# ---------------------------------------------------------------- FerretDB
FDIR="$STATE/ferretdb"
ferretdb_install() {
  need go "install Go 1.24+ to build FerretDB from the Go module proxy"
  need patch "install patch (Debian: apt-get install patch) to build FerretDB"
  local bin="$FDIR/bin/ferretdb" fix="$HERE/ferretdb/sqlite-id-lookups-use-the-index.patch"
  if [ ! -x "$bin" ] || [ "$HERE/ferretdb/main.go" -nt "$bin" ] || [ "$HERE/ferretdb/go.sum" -nt "$bin" ] \
    || [ "$fix" -nt "$bin" ]; then
    say "FerretDB: building 1.24.2 from the Go module proxy, patched (ADR 0011; first run ~1-3 min)..."
    mkdir -p "$FDIR/bin"
    (
      set -e
      cd "$HERE/ferretdb"
      go mod download github.com/FerretDB/FerretDB
      src=$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)
      rm -rf "$FDIR/src" "$FDIR/build"
      cp -R "$src" "$FDIR/src" && chmod -R u+w "$FDIR/src"
      patch -d "$FDIR/src" -p1 --forward <"$fix"
      mkdir -p "$FDIR/build" && cp main.go go.mod go.sum "$FDIR/build/"
      cd "$FDIR/build"
      go mod edit -replace "github.com/FerretDB/FerretDB=$FDIR/src"
      go build -mod=mod -trimpath -o "$bin" .
    ) >"$FDIR/build.log" 2>&1 \
      || { tail -20 "$FDIR/build.log" >&2; die "FerretDB build failed (log: $FDIR/build.log)"; }
  fi
}

ferretdb_up() {
  if [ -n "${MONGODB_URL:-}" ]; then
    say "MongoDB: using MONGODB_URL (not starting a local FerretDB)"
    return
  fi
  if pid_alive "$FDIR/ferretdb.pid"; then
    port_open "$FERRETDB_PORT" || die "$(elsewhere FerretDB "$FDIR/ferretdb.pid" "$FERRETDB_PORT")"
    say "FerretDB: already running on 127.0.0.1:$FERRETDB_PORT (pid $(cat "$FDIR/ferretdb.pid"))"
    return
  fi
  port_open "$FERRETDB_PORT" && die "port $FERRETDB_PORT is taken by another process (see: ss -ltnp | grep $FERRETDB_PORT); set EMT_FERRETDB_PORT or MONGODB_URL"
  ferretdb_install
  mkdir -p "$FDIR/data" "$FDIR/logs"
  say "FerretDB: starting on 127.0.0.1:$FERRETDB_PORT"
  nohup setsid "$FDIR/bin/ferretdb" --listen-addr "127.0.0.1:$FERRETDB_PORT" --data-dir "$FDIR/data" \
    >"$FDIR/logs/ferretdb.log" 2>&1 </dev/null &
  echo $! >"$FDIR/ferretdb.pid"
  local waited=0
  until port_open "$FERRETDB_PORT"; do
    pid_alive "$FDIR/ferretdb.pid" || { tail -20 "$FDIR/logs/ferretdb.log" >&2; die "FerretDB exited during start"; }
    [ "$waited" -ge "$TIMEOUT" ] && die "FerretDB was not ready after ${TIMEOUT}s"
    sleep 1; waited=$((waited + 1))
  done
  say "FerretDB: ready"
}

# ---------------------------------------------------------------- commands
stop_pid() {
  local name=$1 pidfile=$2
  if pid_alive "$pidfile"; then
    local pid; pid=$(cat "$pidfile")
    say "$name: stopping (pid $pid)"
    # setsid made the process a session (and group) leader: stop the whole group.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  else
    say "$name: not running"
  fi
  rm -f "$pidfile"
}

status_of() {
  local name=$1 pidfile=$2 port=$3
  if pid_alive "$pidfile" && port_open "$port"; then
    say "$name: running on 127.0.0.1:$port (pid $(cat "$pidfile"))"
  elif port_open "$port"; then
    say "$name: port $port answers but not a process started here"
  else
    say "$name: stopped"; return 1
  fi
}

# shellcheck source=deploy/local/keycloak/keycloak.sh
. "$HERE/keycloak/keycloak.sh"

case "${1:-}" in
  up) kafka_up; ferretdb_up; keycloak_up ;;
  down) stop_pid Keycloak "$KCDIR/keycloak.pid"; stop_pid Kafka "$KDIR/kafka.pid"
        stop_pid FerretDB "$FDIR/ferretdb.pid" ;;
  status) rc=0; status_of Kafka "$KDIR/kafka.pid" "$KAFKA_PORT" || rc=1
          status_of FerretDB "$FDIR/ferretdb.pid" "$FERRETDB_PORT" || rc=1
          status_of Keycloak "$KCDIR/keycloak.pid" "$KEYCLOAK_PORT" || rc=1; exit $rc ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
