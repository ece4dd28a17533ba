# Keycloak (the identity provider) for the local stack; sourced by deploy/local/infra.sh.
# Resolved once from Maven Central into $STATE/keycloak, started in dev mode on 127.0.0.1 with the
# emutrack realm imported from deploy/keycloak/emutrack-realm.json. Its bootstrap admin password is
# made at the first start and kept in $STATE/keycloak/admin.env (mode 600), never in the repository.

KEYCLOAK_PORT=${EMT_KEYCLOAK_PORT:-8180}
KCDIR="$STATE/keycloak"
KC_VERSION=26.5.6
KC_HOME="$KCDIR/dist/keycloak-$KC_VERSION"

keycloak_install() {
  need java "install a Java 17+ runtime (apt-get install openjdk-17-jre-headless)"
  need mvn "install Apache Maven (apt-get install maven) to resolve Keycloak"
  if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
    say "resolving Keycloak $KC_VERSION from Maven Central (first run only)..."
    mkdir -p "$KCDIR"
    mvn -q -B -f "$HERE/keycloak/pom.xml" generate-resources -Dkeycloak.dir="$KCDIR/dist" \
      -Dkeycloak.version="$KC_VERSION" >"$KCDIR/mvn.log" 2>&1 \
      || { tail -20 "$KCDIR/mvn.log" >&2; die "maven could not resolve Keycloak (log: $KCDIR/mvn.log)"; }
  fi
  if [ ! -f "$KCDIR/admin.env" ]; then
    (umask 077; printf 'KC_BOOTSTRAP_ADMIN_USERNAME=emutrack-bootstrap\nKC_BOOTSTRAP_ADMIN_PASSWORD=%s\n' \
      "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$KCDIR/admin.env")
  fi
}

keycloak_up() {
  if [ -n "${EMT_OIDC_ISSUER:-}" ]; then
    say "Keycloak: using EMT_OIDC_ISSUER=$EMT_OIDC_ISSUER (not starting a local one)"
    return
  fi
  if pid_alive "$KCDIR/keycloak.pid" && port_open "$KEYCLOAK_PORT"; then
    say "Keycloak: already running on 127.0.0.1:$KEYCLOAK_PORT (pid $(cat "$KCDIR/keycloak.pid"))"
    return
  fi
  pid_alive "$KCDIR/keycloak.pid" && die "$(elsewhere Keycloak "$KCDIR/keycloak.pid" "$KEYCLOAK_PORT")"
  port_open "$KEYCLOAK_PORT" && die "port $KEYCLOAK_PORT is taken by another process; set EMT_KEYCLOAK_PORT"
  keycloak_install
  mkdir -p "$KCDIR/logs" "$KC_HOME/data/import"
  cp "$ROOT/deploy/keycloak/emutrack-realm.json" "$KC_HOME/data/import/"
  cp -R "$ROOT/deploy/keycloak/themes/." "$KC_HOME/themes/"
  say "Keycloak: starting on 127.0.0.1:$KEYCLOAK_PORT"
  (
    set -a; . "$KCDIR/admin.env"; set +a
    export JAVA_OPTS_KC_HEAP="-Xms256m -Xmx768m"
    nohup setsid "$KC_HOME/bin/kc.sh" start-dev --import-realm --http-host=127.0.0.1 \
      --http-port="$KEYCLOAK_PORT" --hostname="http://127.0.0.1:$KEYCLOAK_PORT" \
      >"$KCDIR/logs/keycloak.log" 2>&1 </dev/null &
    echo $! >"$KCDIR/keycloak.pid"
  )
  local waited=0 ready="http://127.0.0.1:$KEYCLOAK_PORT/realms/emutrack/.well-known/openid-configuration"
  until curl -fs -o /dev/null "$ready"; do
    pid_alive "$KCDIR/keycloak.pid" || { tail -30 "$KCDIR/logs/keycloak.log" >&2; die "Keycloak exited during start"; }
    [ "$waited" -ge "$TIMEOUT" ] && die "Keycloak was not ready after ${TIMEOUT}s (log: $KCDIR/logs/keycloak.log)"
    sleep 1; waited=$((waited + 1))
  done
  say "Keycloak: ready after ${waited}s (realm emutrack: http://127.0.0.1:$KEYCLOAK_PORT/realms/emutrack)"
}
