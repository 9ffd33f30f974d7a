#!/usr/bin/env bash
# Starts, stops and reports the three real services of the local stack: a single-node Kafka (KRaft)
# broker, Apicurio Registry and ClickHouse, each with its data, logs and pid file under $QYX_HOME.
# QYX_CLUSTER=1 runs them as a cluster on this machine: Kafka nodes kafka, kafka-2, kafka-3, and two
# ClickHouse replicas (clickhouse, clickhouse-2) coordinated by a ZooKeeper (zookeeper).
#
#   infra/stack.sh install        # ClickHouse from Debian, Kafka (and ZooKeeper) classpath and registry app via Maven
#   infra/stack.sh install-browser # chromium, chromium-driver and a Chinese font from Debian (the dashboard's tests)
#   infra/stack.sh up             # install, start what isn't running, wait, write stack.properties
#   infra/stack.sh up SERVICE...  # only those (e.g. zookeeper clickhouse clickhouse-2 for a test); no stack.properties
#   infra/stack.sh status         # one line per service; exit 0 only if all of them answer
#   infra/stack.sh down [--purge] # stop apps, then services; --purge empties $QYX_HOME
#   infra/stack.sh stop SERVICE   # stop one service (kafka, registry, clickhouse, ...), e.g. to try an outage; up starts it again
#   infra/stack.sh env            # the effective QYX_* settings
#
# Nothing is tied to the default ports or folder: QYX_HOME=/tmp/x QYX_KAFKA_PORT=... gives a second,
# independent stack beside the default one (see lib.sh for every setting).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Build artifacts are cached under infra/target, not $QYX_HOME, so a test's throwaway QYX_HOME reuses
# them instead of resolving them again.
TARGET="$QYX_INFRA_DIR/target"
KAFKA_CLASSPATH_FILE="$TARGET/kafka.classpath"
# ZooKeeper's own classpath, from its own pom: infra/pom.xml is the broker's, and ZooKeeper 3.8 brings
# slf4j 1.7 and logback, which must not meet the broker's slf4j 2 and log4j.
ZOOKEEPER_POM="$QYX_INFRA_DIR/zookeeper/pom.xml"
ZOOKEEPER_CLASSPATH_FILE="$TARGET/zookeeper.classpath"
# The registry version is read from the root pom (where it is declared) to find its unpacked folder.
REGISTRY_VERSION=$(sed -n 's:.*<apicurio.app.version>\(.*\)</apicurio.app.version>.*:\1:p' \
  "$QYX_REPO_ROOT/pom.xml")
REGISTRY_APP_DIR="$TARGET/apicurio-registry-${REGISTRY_VERSION:?no apicurio.app.version in pom.xml}"
KAFKA_NODES=$((QYX_CLUSTER ? 3 : 1))
# The Kafka nodes as services: kafka, and kafka-2, kafka-3 in a cluster; node N's ports are 10 × (N - 1)
# above the first's, its files under $QYX_HOME/kafka-N.
KAFKA_SERVICES=(kafka)
for ((n = 2; n <= KAFKA_NODES; n++)); do KAFKA_SERVICES+=("kafka-$n"); done
# ClickHouse servers: clickhouse, and clickhouse-2 in a cluster, the second replica of the one shard;
# node N's ports are 10 × (N - 1) above the first's, its files under $QYX_HOME/clickhouse-N. ZooKeeper
# (a cluster only) keeps the replicas' shared state and the ON CLUSTER DDL queue: it starts first.
CLICKHOUSE_SERVICES=(clickhouse)
if ((QYX_CLUSTER)); then CLICKHOUSE_SERVICES=(zookeeper clickhouse clickhouse-2); fi
SERVICES=("${KAFKA_SERVICES[@]}" registry "${CLICKHOUSE_SERVICES[@]}") # start order; stopped in reverse
kafka_node() { if [[ $1 == kafka ]]; then echo 1; else echo "${1#kafka-}"; fi; }
kafka_port() { echo $((QYX_KAFKA_PORT + 10 * ($1 - 1))); }
kafka_controller_port() { echo $((QYX_KAFKA_CONTROLLER_PORT + 10 * ($1 - 1))); }
kafka_dir() { if (($1 == 1)); then echo "$QYX_HOME/kafka"; else echo "$QYX_HOME/kafka-$1"; fi; }
# Every node's client address, for bootstrap.servers.
kafka_bootstrap() {
  local s list=()
  for s in "${KAFKA_SERVICES[@]}"; do list+=("127.0.0.1:$(kafka_port "$(kafka_node "$s")")"); done
  local IFS=,
  echo "${list[*]}"
}

LOGS="$QYX_HOME/logs"
REGISTRY_DIR="$QYX_HOME/registry"
ZOOKEEPER_DIR="$QYX_HOME/zookeeper"
# The cluster's name in <remote_servers>, in the ON CLUSTER DDL and in the apps' clickhouse.cluster.
CH_CLUSTER=qyx
# ClickHouse's ZooKeeper session timeout; ZooKeeper's maxSessionTimeout must be at least this, or 18.16
# fails with "Received different session timeout" (shared/notes/infra.md).
CH_ZOOKEEPER_SESSION_TIMEOUT_MS=30000
clickhouse_node() { if [[ $1 == clickhouse ]]; then echo 1; else echo "${1#clickhouse-}"; fi; }
clickhouse_dir() { if (($1 == 1)); then echo "$QYX_HOME/clickhouse"; else echo "$QYX_HOME/clickhouse-$1"; fi; }
clickhouse_http_port() { echo $((QYX_CLICKHOUSE_HTTP_PORT + 10 * ($1 - 1))); }
clickhouse_tcp_port() { echo $((QYX_CLICKHOUSE_TCP_PORT + 10 * ($1 - 1))); }
clickhouse_interserver_port() { echo $((QYX_CLICKHOUSE_INTERSERVER_PORT + 10 * ($1 - 1))); }
# Its own log files: the first server's keep the names they had before there was a second.
clickhouse_log_prefix() { if (($1 == 1)); then echo "$LOGS/clickhouse"; else echo "$LOGS/clickhouse-$1"; fi; }

die() {
  printf 'stack.sh: %s\n' "$*" >&2
  exit 1
}

# seconds MS: prints MS as seconds with one decimal, e.g. 3.4s.
seconds() { printf '%d.%ds' $(($1 / 1000)) $(($1 % 1000 / 100)); }

# ---- install ------------------------------------------------------------------------------------------

# stale FILE: exit 0 if FILE is missing or older than a pom that decides what goes into it.
stale() {
  [[ ! -e "$1" || "$QYX_INFRA_DIR/pom.xml" -nt "$1" || "$QYX_REPO_ROOT/pom.xml" -nt "$1" ]]
}

# classpath_complete: exit 0 if every jar of the cached classpath is still on disk (a cleaned ~/.m2
# would otherwise surface as a ClassNotFoundException in the broker's log).
classpath_complete() {
  local jar jars
  IFS=: read -r -a jars <"$KAFKA_CLASSPATH_FILE"
  for jar in "${jars[@]}"; do [[ -f "$jar" ]] || return 1; done
}

# classpath_logs: exit 0 if the cached classpath pairs slf4j-api with the log4j binding of the same
# generation. A mismatch does not fail the broker, it silences it (and then `up` waits in vain for
# the log line that says it started), so it is caught here instead.
classpath_logs() {
  local cp api
  cp=$(<"$KAFKA_CLASSPATH_FILE")
  api=$(grep -o 'slf4j-api-[0-9]*' <<<"$cp" || true)
  case "$api" in
    slf4j-api-2) [[ "$cp" == *log4j-slf4j2-impl-* ]] ;;
    slf4j-api-1) [[ "$cp" == *log4j-slf4j-impl-* ]] ;;
    *) false ;;
  esac || die "the broker classpath has ${api:-no slf4j-api} without the matching log4j binding" \
    "(log4j-slf4j2-impl for slf4j 2, log4j-slf4j-impl for 1.7): the broker would log nothing." \
    "Fix the dependencies in infra/pom.xml."
}

install_clickhouse() {
  command -v clickhouse-server >/dev/null && return 0
  ((EUID == 0)) ||
    die "clickhouse-server is not installed; as root: apt-get install clickhouse-server clickhouse-client"
  echo "installing clickhouse-server from Debian (log: $TARGET/apt.log)"
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
    clickhouse-server clickhouse-client; } >"$TARGET/apt.log" 2>&1; then
    tail -n 20 "$TARGET/apt.log" >&2
    die "apt-get install clickhouse-server clickhouse-client failed (full log: $TARGET/apt.log)"
  fi
  stop_system_clickhouse
}

# The browser the dashboard's tests drive (DashboardIT): Debian's chromium and its driver, so
# Selenium downloads nothing, and a Chinese font for the pages and their screenshots. Only ./qyx
# test needs them.
install_browser() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null && [[ -d /usr/share/fonts/opentype/noto ]]; then
    return 0
  fi
  ((EUID == 0)) || die "chromium, its driver or the Chinese font is missing; as root: apt-get install chromium chromium-driver fonts-noto-cjk"
  mkdir -p "$TARGET"
  echo "installing chromium, chromium-driver and fonts-noto-cjk from Debian (log: $TARGET/apt-browser.log)"
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-noto-cjk; } \
    >"$TARGET/apt-browser.log" 2>&1; then
    tail -n 20 "$TARGET/apt-browser.log" >&2
    die "apt-get install chromium chromium-driver fonts-noto-cjk failed (full log: $TARGET/apt-browser.log)"
  fi
}

# The Debian package starts its own server on 8123/9000 where an init system lets it. Ours uses
# other ports and its own config, so it doesn't need that one, and nothing should keep running that
# nobody asked for.
stop_system_clickhouse() {
  local pid
  for pid in $(pgrep -x clickhouse-serv 2>/dev/null || true); do
    if grep -qzF /etc/clickhouse-server/ "/proc/$pid/cmdline" 2>/dev/null; then
      echo "stopping the system clickhouse-server the Debian package started (pid $pid)"
      if command -v systemctl >/dev/null && systemctl is-active -q clickhouse-server 2>/dev/null; then
        systemctl stop clickhouse-server
        systemctl disable -q clickhouse-server || true
      else
        service clickhouse-server stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
      fi
    fi
  done
}

# ZooKeeper's classpath, in the cluster layout only (a single node has no use for it): resolved like
# the broker's, from infra/zookeeper/pom.xml.
install_zookeeper() {
  local jar jars stale=0
  ((QYX_CLUSTER)) || return 0
  if [[ ! -e "$ZOOKEEPER_CLASSPATH_FILE" || "$ZOOKEEPER_POM" -nt "$ZOOKEEPER_CLASSPATH_FILE" ]]; then
    stale=1
  else
    # read fails at the end of a file without a final newline, which is how Maven writes it.
    IFS=: read -r -a jars <"$ZOOKEEPER_CLASSPATH_FILE" || true
    for jar in "${jars[@]}"; do [[ -f "$jar" ]] || stale=1; done
  fi
  ((stale)) || return 0
  command -v mvn >/dev/null || die "mvn not found: Maven resolves ZooKeeper"
  echo "resolving ZooKeeper with Maven (infra/zookeeper/pom.xml)"
  if ! mvn -q -B -f "$ZOOKEEPER_POM" dependency:build-classpath \
    "-Dmdep.outputFile=$ZOOKEEPER_CLASSPATH_FILE.tmp" >"$TARGET/mvn-zookeeper.log" 2>&1; then
    tail -n 30 "$TARGET/mvn-zookeeper.log" >&2
    die "Maven failed to resolve infra/zookeeper/pom.xml (full log: $TARGET/mvn-zookeeper.log)"
  fi
  mv -f "$ZOOKEEPER_CLASSPATH_FILE.tmp" "$ZOOKEEPER_CLASSPATH_FILE"
}

install_maven_artifacts() {
  local goals=()
  if stale "$KAFKA_CLASSPATH_FILE" || ! classpath_complete; then
    goals+=(dependency:build-classpath "-Dmdep.outputFile=$KAFKA_CLASSPATH_FILE.tmp")
  fi
  # Keyed on the version (its own folder) rather than on the poms' dates, which change far more
  # often; the stamp is written only once an unpack has finished.
  if [[ ! -e "$REGISTRY_APP_DIR/.unpacked" ]]; then
    rm -rf "$REGISTRY_APP_DIR"
    goals+=(dependency:unpack@unpack-registry)
  fi
  ((${#goals[@]} > 0)) || return 0
  command -v mvn >/dev/null || die "mvn not found: Maven resolves the Kafka broker and the registry"
  echo "resolving the Kafka broker and Apicurio Registry with Maven (${goals[0]} ...)"
  # One Maven run for both: its start-up costs more than either goal.
  if ! mvn -q -B -f "$QYX_INFRA_DIR/pom.xml" "${goals[@]}" >"$TARGET/mvn.log" 2>&1; then
    tail -n 30 "$TARGET/mvn.log" >&2
    die "Maven failed to resolve infra/pom.xml (full log: $TARGET/mvn.log)"
  fi
  if [[ -f "$KAFKA_CLASSPATH_FILE.tmp" ]]; then
    mv -f "$KAFKA_CLASSPATH_FILE.tmp" "$KAFKA_CLASSPATH_FILE"
  fi
  if [[ " ${goals[*]} " == *" dependency:unpack@unpack-registry "* ]]; then
    [[ -n "$(registry_jar)" ]] || die "no quarkus-run.jar in the unpacked registry ($REGISTRY_APP_DIR)"
    touch "$REGISTRY_APP_DIR/.unpacked"
  fi
}

registry_jar() {
  find "$REGISTRY_APP_DIR" -name quarkus-run.jar -print -quit 2>/dev/null
}

cmd_install() {
  mkdir -p "$TARGET"
  # A test's stack and the default one may be brought up at the same time: one installer at a time,
  # the second one then finds everything done.
  {
    flock 9
    install_clickhouse
    install_maven_artifacts
    install_zookeeper
  } 9>"$TARGET/.install.lock"
  classpath_logs
  qyx_java21 >/dev/null || exit 1
}

# ---- configuration written on every start ------------------------------------------------------------

# The broker's own login, qyx-admin: the only super user. It sets the stack up (topics, the other
# logins, ACLs: ./qyx up) and is the broker's login to itself. Its password is generated once per
# QYX_HOME and lives in owner-only files only (never on a command line).
KAFKA_ADMIN_USER=qyx-admin
kafka_admin_password() {
  load_secrets kafka.env "The broker reads it from server.properties at every start." QYX_KAFKA_ADMIN_PASSWORD
}

# load_secrets FILE NOTE VAR...: sources $QYX_HOME/secrets/FILE, first writing it (owner-only, in an
# owner-only folder) with a new random password for each VAR if it is missing.
load_secrets() {
  local file="$QYX_HOME/secrets/$1" note=$2 var
  shift 2
  if [[ ! -f "$file" ]]; then
    (
      umask 077
      mkdir -p "$QYX_HOME/secrets"
      {
        echo "# Generated by infra/stack.sh; owner-only. $note"
        for var in "$@"; do echo "$var=$(random_secret)"; done
      } >"$file.tmp"
      mv -f "$file.tmp" "$file"
    )
  fi
  # shellcheck disable=SC1090
  source "$file"
}

kafka_config() {  # kafka_config NODE
  local node=$1 dir port cport replicas min_isr quorum voters=() s
  dir=$(kafka_dir "$node") port=$(kafka_port "$node") cport=$(kafka_controller_port "$node")
  mkdir -p "$dir/data"
  kafka_admin_password
  if ((KAFKA_NODES == 1)); then
    replicas=1 min_isr=1 quorum="controller.quorum.bootstrap.servers=127.0.0.1:$cport"
  else
    # A static quorum of every node, each a broker too: a majority (2 of 3) keeps it going.
    for s in "${KAFKA_SERVICES[@]}"; do voters+=("$(kafka_node "$s")@127.0.0.1:$(kafka_controller_port "$(kafka_node "$s")")"); done
    replicas=3 min_isr=2 quorum="controller.quorum.voters=$(IFS=,; echo "${voters[*]}")"
  fi
  # The single-node settings (replication factors and ISR of 1 for the internal topics, the
  # controller quorum of one) are what keep Kafka Streams exactly_once_v2 out of a REBALANCING hang;
  # a cluster has 3 replicas of everything, and a write needs 2 of them.
  #
  # Every connection logs in. Clients use SCRAM-SHA-512, whose users live in the cluster's metadata
  # (./qyx up creates them through qyx-admin). qyx-admin itself, the broker's login to itself and to
  # its controller, logs in with PLAIN against this file alone: so the admin's password is never on
  # a command line (StorageTool's --add-scram would put it there), and a controller can authenticate
  # the broker before any metadata is loaded. Both listeners are on loopback; across machines they
  # would be SASL_SSL (docs/operators.md). Owner-only: the file holds the admin password.
  (
    umask 077
    cat >"$dir/server.properties" <<EOF
# Generated by infra/stack.sh on every start; edits are lost.
process.roles=broker,controller
node.id=$node
$quorum
listeners=CLIENT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=CLIENT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
controller.listener.names=CONTROLLER
inter.broker.listener.name=CLIENT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.client.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_ADMIN_USER" password="$QYX_KAFKA_ADMIN_PASSWORD" user_$KAFKA_ADMIN_USER="$QYX_KAFKA_ADMIN_PASSWORD";
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_ADMIN_USER" password="$QYX_KAFKA_ADMIN_PASSWORD" user_$KAFKA_ADMIN_USER="$QYX_KAFKA_ADMIN_PASSWORD";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:$KAFKA_ADMIN_USER
offsets.topic.replication.factor=$replicas
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$min_isr
default.replication.factor=$replicas
min.insync.replicas=$min_isr
group.initial.rebalance.delay.ms=0
# Several partitions by default, as in production, so ordering and parallelism bugs show up here;
# topics are still auto-created (the apps create theirs explicitly anyway).
num.partitions=3
log.dirs=$dir/data
EOF
  )
  chmod 600 "$dir/server.properties" # also one written before it held a password
  # Console only: stdout goes to logs/kafka.log (qyx_start), so the broker's log and anything the JVM
  # itself prints end up in the one file.
  cat >"$dir/log4j2.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by infra/stack.sh on every start; edits are lost. -->
<Configuration status="warn" name="qyx-kafka">
  <Appenders>
    <Console name="stdout" target="SYSTEM_OUT">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="stdout"/></Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="kafka.authorizer.logger" level="WARN"/>
  </Loggers>
</Configuration>
EOF
}

# A cluster id as kafka-storage random-uuid makes it (16 random bytes, URL-safe base64, no padding),
# without starting a JVM for it.
kafka_cluster_id() {
  local id
  while true; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    [[ "$id" != -* ]] && break # Kafka never hands out ids that read like an option
  done
  printf '%s\n' "$id"
}

registry_dirs() {
  mkdir -p "$REGISTRY_DIR/tmp" "$REGISTRY_DIR/snapshots" "$REGISTRY_DIR/import" "$REGISTRY_DIR/db"
}

clickhouse_config() {  # clickhouse_config NODE
  local node=$1 dir log cluster_xml=''
  dir=$(clickhouse_dir "$node") log=$(clickhouse_log_prefix "$node")
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  clickhouse_passwords
  if ((QYX_CLUSTER)); then cluster_xml=$(clickhouse_cluster_xml "$node"); fi
  # Owner-only: in a cluster it holds the interserver user's password (<remote_servers> takes it in
  # plain text only).
  (
    umask 077
    cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<!-- Generated by infra/stack.sh on every start; edits are lost. ClickHouse 18.16 syntax. -->
<yandex>
  <logger>
    <level>information</level>
    <log>$log-server.log</log>
    <errorlog>$log-server.err.log</errorlog>
    <size>100M</size>
    <count>3</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$(clickhouse_http_port "$node")</http_port>
  <tcp_port>$(clickhouse_tcp_port "$node")</tcp_port>
  <interserver_http_port>$(clickhouse_interserver_port "$node")</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <max_connections>256</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <!-- Upper bounds, not allocations; the packaged defaults (5 GB marks) suit a dedicated server. -->
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <!-- Dates in the pipeline are UTC whatever the machine's zone. -->
  <timezone>UTC</timezone>$cluster_xml
</yandex>
EOF
  )
  chmod 600 "$dir/config.xml" # also one written before it held a password
  local default_hash sink_hash analyst_hash cluster_user_xml=''
  default_hash=$(sha256_hex "$QYX_CH_DEFAULT_PASSWORD")
  sink_hash=$(sha256_hex "$QYX_CH_SINK_PASSWORD")
  analyst_hash=$(sha256_hex "$QYX_CH_ANALYST_PASSWORD")
  if ((QYX_CLUSTER)); then
    cluster_user_xml="
    <!-- The login of a Distributed table's queries to the replicas (<remote_servers>): in 18.16 they
         run as the user named there, not as the one who asked (without one, as default with an empty
         password, which fails). Read-only like the analysts: nothing inserts through the Distributed
         tables (the sink writes each server's _local table), and readonly=2 still takes the settings
         the initiator passes along. default keeps its password nobody is given. -->
    <$CH_CLUSTER_USER>
      <password_sha256_hex>$(sha256_hex "$QYX_CH_CLUSTER_PASSWORD")</password_sha256_hex>
      <networks><ip>::1</ip><ip>127.0.0.1</ip></networks>
      <profile>analyst</profile>
      <quota>default</quota>
    </$CH_CLUSTER_USER>"
  fi
  (
    umask 077
    cat >"$dir/users.xml" <<EOF
<?xml version="1.0"?>
<!-- Generated by infra/stack.sh on every start; edits are lost. Owner-only: it holds password hashes. -->
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <load_balancing>random</load_balancing>
      <!-- 18.16 only accepts LowCardinality columns with this; newer servers reject it in SQL. -->
      <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>
    </default>
    <!-- Analysts read: readonly=2 refuses INSERT, ALTER, CREATE and DROP but lets a query set its own
         settings (wait_end_of_query, output formats), which readonly=1 would refuse too. -->
    <analyst>
      <max_memory_usage>4000000000</max_memory_usage>
      <readonly>2</readonly>
    </analyst>
  </profiles>
  <users>
    <!-- Passwords are generated at the first up and kept in \$QYX_HOME/secrets (owner-only). All three
         users are loopback only here; production puts TLS and its own networks in front. -->
    <default>
      <password_sha256_hex>$default_hash</password_sha256_hex>
      <networks><ip>::1</ip><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
    <$CH_SINK_USER>
      <password_sha256_hex>$sink_hash</password_sha256_hex>
      <networks><ip>::1</ip><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </$CH_SINK_USER>
    <$CH_ANALYST_USER>
      <password_sha256_hex>$analyst_hash</password_sha256_hex>
      <networks><ip>::1</ip><ip>127.0.0.1</ip></networks>
      <profile>analyst</profile>
      <quota>default</quota>
    </$CH_ANALYST_USER>$cluster_user_xml
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries>
        <errors>0</errors>
        <result_rows>0</result_rows>
        <read_rows>0</read_rows>
        <execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
EOF
  )
}

# ClickHouse users: the sink writes (and keeps the tables' shape) as $CH_SINK_USER; analysts, ./qyx sql
# and the dashboard read as $CH_ANALYST_USER; `default` keeps a password nobody is given.
CH_SINK_USER=qyx_sink
CH_ANALYST_USER=qyx_analyst
# In a cluster, the replicas' login to each other for a Distributed table's queries.
CH_CLUSTER_USER=qyx_cluster

# clickhouse_passwords: generated once per QYX_HOME, owner-only, and read back on every start.
clickhouse_passwords() {
  load_secrets clickhouse.env "Delete it (with the stack down) to get new passwords." \
    QYX_CH_DEFAULT_PASSWORD QYX_CH_SINK_PASSWORD QYX_CH_ANALYST_PASSWORD
  # A file of its own, so a home's clickhouse.env written before the cluster layout stays complete.
  if ((QYX_CLUSTER)); then
    load_secrets clickhouse-cluster.env "The replicas' login to each other; delete it (with the stack down) for a new one." \
      QYX_CH_CLUSTER_PASSWORD
  fi
}

# clickhouse_cluster_xml NODE: the cluster sections of server NODE's config.xml.
clickhouse_cluster_xml() {
  local node=$1 n s replicas=''
  for s in "${CLICKHOUSE_SERVICES[@]}"; do
    [[ $s == clickhouse* ]] || continue
    n=$(clickhouse_node "$s")
    replicas+="
        <replica>
          <host>127.0.0.1</host>
          <port>$(clickhouse_tcp_port "$n")</port>
          <user>$CH_CLUSTER_USER</user>
          <password>$QYX_CH_CLUSTER_PASSWORD</password>
        </replica>"
  done
  cat <<EOF

  <!-- The cluster layout: the replicas share state and the ON CLUSTER DDL queue in ZooKeeper. -->
  <zookeeper>
    <node><host>127.0.0.1</host><port>$QYX_ZOOKEEPER_PORT</port></node>
    <session_timeout_ms>$CH_ZOOKEEPER_SESSION_TIMEOUT_MS</session_timeout_ms>
  </zookeeper>
  <!-- Filled into ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/...', '{replica}'). -->
  <macros>
    <shard>01</shard>
    <replica>clickhouse-$node</replica>
  </macros>
  <!-- One shard of two replicas. internal_replication: the replicated tables copy rows between the
       replicas themselves; a Distributed table reads one replica (this one, when it is in the shard). -->
  <remote_servers>
    <$CH_CLUSTER>
      <shard>
        <internal_replication>true</internal_replication>$replicas
      </shard>
    </$CH_CLUSTER>
  </remote_servers>
  <distributed_ddl>
    <path>/clickhouse/task_queue/ddl</path>
  </distributed_ddl>
EOF
}

# ZooKeeper, standalone: its data under $QYX_HOME/zookeeper, on loopback, without the admin server
# (Jetty on 8080 by default).
zookeeper_config() {
  mkdir -p "$ZOOKEEPER_DIR/data"
  cat >"$ZOOKEEPER_DIR/zoo.cfg" <<EOF
# Generated by infra/stack.sh on every start; edits are lost.
tickTime=2000
dataDir=$ZOOKEEPER_DIR/data
clientPort=$QYX_ZOOKEEPER_PORT
clientPortAddress=127.0.0.1
admin.enableServer=false
# At least ClickHouse's session_timeout_ms ($CH_ZOOKEEPER_SESSION_TIMEOUT_MS), or 18.16 refuses the session.
maxSessionTimeout=$((2 * CH_ZOOKEEPER_SESSION_TIMEOUT_MS))
# srvr: the readiness check (ruok answers imok even when the server failed to load its data).
4lw.commands.whitelist=srvr,ruok
# Keeps three snapshots and their logs, purged hourly: the DDL queue and every insert's block ids
# pass through here.
autopurge.snapRetainCount=3
autopurge.purgeInterval=1
EOF
  # Console only (stdout goes to logs/zookeeper.log); without a config logback logs DEBUG.
  cat >"$ZOOKEEPER_DIR/logback.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by infra/stack.sh on every start; edits are lost. -->
<configuration>
  <appender name="stdout" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>[%d] %level %msg \(%logger\)%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="stdout"/></root>
</configuration>
EOF
}

random_secret() {
  head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24
}

sha256_hex() {
  printf '%s' "$1" | sha256sum | cut -d' ' -f1
}

# ---- per-service facts -------------------------------------------------------------------------------

endpoint() {
  case "$1" in
    kafka | kafka-*) echo "127.0.0.1:$(kafka_port "$(kafka_node "$1")")" ;;
    registry) echo "http://127.0.0.1:$QYX_REGISTRY_PORT/apis/registry/v3" ;;
    clickhouse | clickhouse-*) echo "http://127.0.0.1:$(clickhouse_http_port "$(clickhouse_node "$1")")" ;;
    zookeeper) echo "127.0.0.1:$QYX_ZOOKEEPER_PORT" ;;
  esac
}

ports() {
  case "$1" in
    kafka | kafka-*)
      local node
      node=$(kafka_node "$1")
      echo "$(kafka_port "$node"):QYX_KAFKA_PORT $(kafka_controller_port "$node"):QYX_KAFKA_CONTROLLER_PORT" ;;
    registry) echo "$QYX_REGISTRY_PORT:QYX_REGISTRY_PORT $QYX_REGISTRY_MANAGEMENT_PORT:QYX_REGISTRY_MANAGEMENT_PORT" ;;
    clickhouse | clickhouse-*)
      local node
      node=$(clickhouse_node "$1")
      echo "$(clickhouse_http_port "$node"):QYX_CLICKHOUSE_HTTP_PORT $(clickhouse_tcp_port "$node"):QYX_CLICKHOUSE_TCP_PORT" \
        "$(clickhouse_interserver_port "$node"):QYX_CLICKHOUSE_INTERSERVER_PORT" ;;
    zookeeper) echo "$QYX_ZOOKEEPER_PORT:QYX_ZOOKEEPER_PORT" ;;
  esac
}

logfile() { echo "$LOGS/$1.log"; }

# Ready means answering the way a client needs: Kafka has finished starting (a bare open port is not
# enough, the listener opens before the broker is registered), the registry serves its API,
# ClickHouse answers /ping.
kafka_ready() {  # kafka_ready [SERVICE]
  local s=${1:-kafka}
  qyx_port_open "$(kafka_port "$(kafka_node "$s")")" && grep -q 'Kafka Server started' "$(logfile "$s")"
}
# service_ready SERVICE
service_ready() {
  case "$1" in
    kafka | kafka-*) kafka_ready "$1" ;;
    clickhouse | clickhouse-*) clickhouse_ready "$1" ;;
    *) "$1_ready" ;;
  esac
}
registry_ready() {
  curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$QYX_REGISTRY_PORT/apis/registry/v3/system/info"
}
clickhouse_ready() {  # clickhouse_ready [SERVICE]
  [[ "$(curl -sf --max-time 2 "$(endpoint "${1:-clickhouse}")/ping")" == "Ok." ]]
}
# Serving, not just listening: srvr names the mode only once the data is loaded.
zookeeper_ready() {
  local answer
  answer=$( (exec 3<>"/dev/tcp/127.0.0.1/$QYX_ZOOKEEPER_PORT" && printf srvr >&3 && timeout 2 cat <&3) 2>/dev/null) || return 1
  [[ "$answer" == *"Mode: standalone"* ]]
}
answering() {
  case "$1" in
    kafka | kafka-*) qyx_port_open "$(kafka_port "$(kafka_node "$1")")" ;; # the log line is from start-up; now the port will do
    *) service_ready "$1" ;;
  esac
}

# check_ports SERVICE: fails, naming the port, its setting and its current owner, if one is taken
# or is not a port number.
check_ports() {
  local p port var owner
  for p in $(ports "$1"); do
    port=${p%%:*} var=${p#*:}
    if ! [[ "$port" =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
      die "$var=$port is not a port number"
    fi
    if qyx_port_open "$port"; then
      owner=$(qyx_port_owner "$port")
      die "$1 cannot start: port $port ($var) is already in use${owner:+ by $owner}; stop that or set $var to a free port"
    fi
  done
}

start_kafka() {  # start_kafka [SERVICE]
  local s=${1:-kafka} cp java_major node dir format
  node=$(kafka_node "$s") dir=$(kafka_dir "$node")
  kafka_config "$node"
  cp=$(<"$KAFKA_CLASSPATH_FILE")
  java_major=$(qyx_java_major "$(command -v "$QYX_JAVA")") ||
    die "cannot tell the Java version of QYX_JAVA=$QYX_JAVA (not a JDK?)"
  ((java_major >= 17)) || die "Kafka $QYX_JAVA is Java $java_major; the broker needs 17+ (set QYX_JAVA)"
  # Formatting twice fails (and a new cluster id would orphan the data), so only a fresh log.dirs is
  # formatted. --standalone makes a single node the whole controller quorum; a cluster's nodes share
  # one cluster id (kept beside them) and name their quorum in server.properties.
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    format=(--standalone -t "$(kafka_cluster_id)")
    if ((KAFKA_NODES > 1)); then
      [[ -f "$QYX_HOME/kafka-cluster.id" ]] || kafka_cluster_id >"$QYX_HOME/kafka-cluster.id"
      format=(-t "$(<"$QYX_HOME/kafka-cluster.id")")
    fi
    CLASSPATH=$cp "$QYX_JAVA" kafka.tools.StorageTool format "${format[@]}" \
      -c "$dir/server.properties" >"$LOGS/$s-format.log" 2>&1 ||
      { tail -n 20 "$LOGS/$s-format.log" >&2; die "formatting Kafka storage in $dir/data failed"; }
  fi
  # The classpath goes in the environment so `ps` shows a readable command line. A local broker's
  # live heap is small (request buffers; the log is on disk and in the page cache): 256 MB at most
  # (384 MB before; ./qyx bench at 100k, 1M and a province ran as fast with the broker's RSS 425-441 MB
  # instead of 458-532 MB), the serial collector, whose structures cost next to nothing (G1's took 50 MB
  # of native memory).
  (cd "$dir" && qyx_start "$s" "$(logfile "$s")" env CLASSPATH="$cp" "$QYX_JAVA" \
    -Xms64m -Xmx256m -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$dir/log4j2.xml" \
    kafka.Kafka "$dir/server.properties")
}

start_registry() {
  local java jar
  java=$(qyx_java21) || exit 1
  jar=$(registry_jar)
  [[ -n "$jar" ]] || die "registry app missing under $REGISTRY_APP_DIR; run infra/stack.sh install"
  registry_dirs
  # Without these overrides Quarkus binds 8080/9000 on all interfaces and the registry writes to the
  # system temp folder, where two stacks would trip over each other.
  #
  # Storage: the registry's own SQL storage on an embedded H2 database in a file under
  # $QYX_HOME/registry/db (the app ships the H2 driver; its default is the same storage in memory,
  # jdbc:h2:mem:). Records in Kafka carry the registry's content ids, so the ids must live and die
  # with Kafka's data: kept by `down`, removed by `down --purge`, never handed out twice.
  # WRITE_DELAY=0 writes every commit to the file before the registry answers (H2 otherwise flushes
  # up to 0.5 s later, and a registry killed in between would forget an id a record already carries).
  # DB_CLOSE_ON_EXIT=FALSE leaves closing the database to the registry's own shutdown, after its last
  # request, instead of H2's shutdown hook racing it. H2 locks the file: a second registry on the same
  # $QYX_HOME fails to start instead of sharing it.
  # Memory: the registry answers a few lookups per app start (the clients cache what they read), so
  # a small heap, the serial collector and C1 alone (no C2 compiling on the apps' two cores).
  (cd "$REGISTRY_DIR" && qyx_start registry "$(logfile registry)" "$java" -Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Djava.io.tmpdir="$REGISTRY_DIR/tmp" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$QYX_REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$QYX_REGISTRY_MANAGEMENT_PORT" \
    -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=h2 \
    -Dapicurio.datasource.url="jdbc:h2:file:$REGISTRY_DIR/db/registry;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE" \
    -Dapicurio.storage.snapshot.location="$REGISTRY_DIR/snapshots" \
    -Dapicurio.import.work-dir="$REGISTRY_DIR/import" \
    -jar "$jar")
}

# The rule the registry enforces on every subject: a new version must read data written with every
# earlier one (BACKWARD_TRANSITIVE), as the topics and the state stores' changelogs keep all of it.
# ReleasedSchemasTest checks the same rule against the versions released in schemas/versions.
REGISTRY_COMPATIBILITY=BACKWARD_TRANSITIVE

# registry_rules: sets the registry's global COMPATIBILITY rule. It runs on every `up`, also when the
# registry was already running or kept the rule in its database from an earlier run (a new QYX_HOME
# starts without it); setting a rule to what it already is changes nothing. Fails with the
# registry's answer.
registry_rules() {
  local attempt
  # Retried: once in CI (one `up` of hundreds) a registry that had just answered /system/info gave a
  # bare router 404 page for the rules path, as if its API were not all routed yet. A moment later
  # it is; a rule that still cannot be set after 15 s is a real failure.
  for attempt in {1..15}; do
    registry_rule_set && return 0
    sleep 1
  done
  printf 'stack.sh: could not set the registry'\''s global COMPATIBILITY rule to %s at %s (15 attempts); it last answered: %s\n' \
    "$REGISTRY_COMPATIBILITY" "$REGISTRY_RULE_URL" "${REGISTRY_RULE_ANSWER/#000*/nothing (no HTTP answer within 5 s)}" >&2
  return 1
}

# registry_rule_set: one attempt; leaves the last answer in REGISTRY_RULE_ANSWER.
registry_rule_set() {
  local rules="http://127.0.0.1:$QYX_REGISTRY_PORT/apis/registry/v3/admin/rules" body answer
  REGISTRY_RULE_URL="$rules/COMPATIBILITY"
  body="{\"ruleType\":\"COMPATIBILITY\",\"config\":\"$REGISTRY_COMPATIBILITY\"}"
  # PUT updates the rule and answers 404 when there is none yet; POST then creates it. A 409 on POST
  # means another `up` created it in between, and a second PUT sets ours.
  answer=$(registry_call PUT "$rules/COMPATIBILITY" "$body")
  if [[ "${answer%% *}" == 404 ]]; then
    answer=$(registry_call POST "$rules" "$body")
    if [[ "${answer%% *}" == 409 ]]; then answer=$(registry_call PUT "$rules/COMPATIBILITY" "$body"); fi
  fi
  # Read back: the registry takes any config string without complaint (3.3.3 answers 200 to a PUT of
  # "SIDEWAYS"), so only its own report of the rule shows that it is the one we mean.
  if [[ "${answer%% *}" == 20[04] ]]; then
    answer=$(registry_call GET "$rules/COMPATIBILITY")
    [[ "$answer" == "200 "*"\"config\":\"$REGISTRY_COMPATIBILITY\""* ]] && return 0
  fi
  REGISTRY_RULE_ANSWER=$answer
  return 1
}

# registry_call METHOD URL [JSON]: prints the HTTP status, a space and the response body (status 000
# when nothing answered within 5 s).
registry_call() {
  local out status data=()
  if (($# > 2)); then data=(-H 'Content-Type: application/json' -d "$3"); fi
  out=$(curl -s --max-time 5 -X "$1" "${data[@]}" -w '\n%{http_code}' "$2") || true
  status=${out##*$'\n'}
  printf '%s %s\n' "${status:-000}" "${out%$'\n'*}"
}

start_clickhouse() {  # start_clickhouse SERVICE
  local node dir
  node=$(clickhouse_node "$1") dir=$(clickhouse_dir "$(clickhouse_node "$1")")
  clickhouse_config "$node"
  # Its own log files are set in config.xml; this file only catches what it prints before that.
  (cd "$dir" && qyx_start "$1" "$(clickhouse_log_prefix "$node")-stdout.log" \
    clickhouse-server --config-file="$dir/config.xml")
}

start_zookeeper() {
  local cp
  zookeeper_config
  [[ -f "$ZOOKEEPER_CLASSPATH_FILE" ]] || die "ZooKeeper is not resolved ($ZOOKEEPER_CLASSPATH_FILE); run QYX_CLUSTER=1 infra/stack.sh install"
  cp=$(<"$ZOOKEEPER_CLASSPATH_FILE")
  # A small heap: it holds two replicas' metadata, the DDL queue and recent block ids (a few MB).
  (cd "$ZOOKEEPER_DIR" && qyx_start zookeeper "$(logfile zookeeper)" env CLASSPATH="$cp" "$QYX_JAVA" \
    -Xms16m -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlogback.configurationFile="$ZOOKEEPER_DIR/logback.xml" \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$ZOOKEEPER_DIR/zoo.cfg")
}

# ---- commands -------------------------------------------------------------------------------------------

cmd_up() {  # cmd_up [SERVICE...]
  local s w t0 pid i started=() logs=() waiting=() only=("$@")
  for s in "${only[@]}"; do
    is_service "$s" && [[ $s != kafka* ]] || die "up SERVICE...: one or more of ${SERVICES[*]/kafka*/} (Kafka starts whole, with up alone)"
  done
  # Only the services named, in start order; all without names.
  if ((${#only[@]})); then
    mapfile -t SERVICES < <(for s in "${SERVICES[@]}"; do if [[ " ${only[*]} " == *" $s "* ]]; then echo "$s"; fi; done)
  fi
  cmd_install
  # Check every port before starting anything, so a clash fails fast and leaves nothing half-up.
  for s in "${SERVICES[@]}"; do
    qyx_running "$s" || check_ports "$s"
  done
  qyx_home_init
  # The layout is the home's: its data is a cluster's or a single node's, never both.
  if ((QYX_CLUSTER)) && [[ ! -f "$QYX_HOME/cluster" && -f "$QYX_HOME/kafka/data/meta.properties" ]]; then
    die "$QYX_HOME holds a single-node stack: its Kafka cannot become a cluster's node; use another QYX_HOME for the cluster (or ./qyx down --purge first)"
  elif ((QYX_CLUSTER)); then
    touch "$QYX_HOME/cluster"
  elif [[ -f "$QYX_HOME/cluster" ]]; then
    die "$QYX_HOME holds a cluster (QYX_CLUSTER=0 was set): unset QYX_CLUSTER, or use another QYX_HOME"
  fi
  # One after the other: on 2 cores two JVMs starting side by side slow each other down (starting
  # all three at once was no faster overall), and each line then shows that service's own time.
  for s in "${SERVICES[@]}"; do
    t0=$(qyx_now_ms)
    if pid=$(qyx_pid "$s"); then
      echo "$s already running (pid $pid)"
    else
      case "$s" in
        kafka | kafka-*) start_kafka "$s" ;;
        clickhouse | clickhouse-*) start_clickhouse "$s" ;;
        *) "start_$s" ;;
      esac
      started+=("$s")
    fi
    # A cluster's nodes need each other's votes to finish starting: all start before any is waited for.
    if [[ $s == kafka* && $s != "${KAFKA_SERVICES[-1]}" ]]; then continue; fi
    waiting=("$s")
    if [[ $s == kafka* ]]; then waiting=("${KAFKA_SERVICES[@]}"); fi
    for w in "${waiting[@]}"; do
      # Where to look if it does not come up. ClickHouse reports a bad config on stdout, everything
      # later in its error log.
      case "$w" in
        clickhouse | clickhouse-*)
          local log
          log=$(clickhouse_log_prefix "$(clickhouse_node "$w")")
          logs=(--log "$log-stdout.log" --log "$log-server.err.log") ;;
        *) logs=(--log "$(logfile "$w")") ;;
      esac
      if ! qyx_wait_for --name "$w" "${logs[@]}" \
        "$w to answer at $(endpoint "$w") (ports: $(ports "$w" | sed 's/:[A-Z_]*//g'))" \
        "$QYX_UP_TIMEOUT" service_ready "$w"; then
        # Leave nothing behind that this run started: the caller (often a test) gets a clean failure.
        for ((i = ${#started[@]} - 1; i >= 0; i--)); do qyx_stop "${started[$i]}" 20 || true; done
        die "$w did not come up; stopped what this run had started"
      fi
      printf '%-12s up  %-46s pid %-7s %s\n' "$w" "$(endpoint "$w")" "$(qyx_pid "$w")" \
        "$(seconds $(($(qyx_now_ms) - t0)))"
    done
    if [[ "$s" == registry ]] && ! registry_rules; then
      for ((i = ${#started[@]} - 1; i >= 0; i--)); do qyx_stop "${started[$i]}" 20 || true; done
      die "the registry does not enforce schema compatibility; stopped what this run had started"
    fi
    if [[ "$s" == registry ]]; then
      printf '%-12s rule COMPATIBILITY=%s for every subject (global)\n' '' "$REGISTRY_COMPATIBILITY"
    fi
  done
  # A part of the stack is no stack the apps could use.
  ((${#only[@]} == 0)) || return 0
  # What the Java apps read to find the stack (written last: it exists only for a stack that answers).
  # Owner-only: the sink's ClickHouse password is in it. Beside it the analysts' own files: the
  # properties the Java tools read, and clickhouse-client's config for ./qyx sql.
  clickhouse_passwords
  kafka_admin_password
  (
    umask 077
    # The admin's Kafka login, for ./qyx up's own setup steps (topics, logins, ACLs) and the bench.
    cat >"$QYX_HOME/secrets/$KAFKA_ADMIN_USER.properties" <<EOF
# Kafka login of $KAFKA_ADMIN_USER (super user), written by infra/stack.sh up. Owner-only.
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_ADMIN_USER" password="$QYX_KAFKA_ADMIN_PASSWORD";
EOF
    cat >"$QYX_HOME/stack.properties.tmp" <<EOF
# Written by infra/stack.sh up for the stack under $QYX_HOME. Owner-only: it holds a password.
# Kafka asks every client to log in: a command reads its login from a second file
# (secrets/qyx-*.properties, or units/ACCOUNT.properties for a unit's system).
bootstrap.servers=$(kafka_bootstrap)
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
schema.registry.url=http://127.0.0.1:$QYX_REGISTRY_PORT/apis/registry/v3
clickhouse.url=http://127.0.0.1:$QYX_CLICKHOUSE_HTTP_PORT
clickhouse.user=$CH_SINK_USER
clickhouse.password=$QYX_CH_SINK_PASSWORD
EOF
    # The apps create and read the replicated tables through the Distributed ones (ClickHouseTables).
    if ((QYX_CLUSTER)); then
      echo "clickhouse.cluster=$CH_CLUSTER" >>"$QYX_HOME/stack.properties.tmp"
      # Read after stack.properties by an app that lands on the second replica (./qyx up's sink-2),
      # so the two sinks share the inserts, and one keeps landing while the other's server is down.
      cat >"$QYX_HOME/clickhouse-2.properties" <<EOF
# Written by infra/stack.sh up: the second ClickHouse replica, for an app read after stack.properties.
clickhouse.url=$(endpoint clickhouse-2)
EOF
    fi
    cat >"$QYX_HOME/analyst.properties" <<EOF
# Written by infra/stack.sh up: ClickHouse as the read-only analyst. Owner-only: it holds a password.
clickhouse.url=http://127.0.0.1:$QYX_CLICKHOUSE_HTTP_PORT
clickhouse.user=$CH_ANALYST_USER
clickhouse.password=$QYX_CH_ANALYST_PASSWORD
EOF
    cat >"$QYX_HOME/clickhouse-client.xml" <<EOF
<config>
  <host>127.0.0.1</host>
  <port>$QYX_CLICKHOUSE_TCP_PORT</port>
  <user>$CH_ANALYST_USER</user>
  <password>$QYX_CH_ANALYST_PASSWORD</password>
</config>
EOF
    mv -f "$QYX_HOME/stack.properties.tmp" "$QYX_HOME/stack.properties"
  )
  echo "stack.properties: $QYX_HOME/stack.properties"
}

is_service() {
  local s
  for s in "${SERVICES[@]}"; do [[ "$s" == "$1" ]] && return 0; done
  return 1
}

cmd_down() {
  local purge=false name pid t0 order=() i
  case "${1:-}" in
    --purge) purge=true ;;
    "") ;;
    *) die "usage: stack.sh down [--purge]" ;;
  esac
  # Apps first (newest first), as they are the services' clients; then the services in reverse start
  # order. Only what has a pid file here is touched.
  while read -r name; do
    if [[ -n "$name" ]] && ! is_service "$name"; then order+=("$name"); fi
  done < <(qyx_names)
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do order+=("${SERVICES[$i]}"); done
  for name in "${order[@]}"; do
    # A cluster's nodes stop together: the last one left alone has no quorum to shut down cleanly
    # with, and waited out its 60 s before SIGKILL.
    if ((KAFKA_NODES > 1)) && [[ $name == "${KAFKA_SERVICES[-1]}" ]]; then
      local node
      for node in "${KAFKA_SERVICES[@]}"; do
        if pid=$(qyx_pid "$node"); then
          (qyx_stop "$node" 60 && echo "stopped $node (pid $pid)") &
        fi
      done
      wait
      continue
    elif ((KAFKA_NODES > 1)) && [[ $name == kafka* ]]; then
      continue
    fi
    if pid=$(qyx_pid "$name"); then
      t0=$(qyx_now_ms)
      # Kafka flushes and closes its logs on SIGTERM; give it longer before SIGKILL.
      qyx_stop "$name" "$([[ "$name" == kafka* ]] && echo 60 || echo 30)"
      echo "stopped $name (pid $pid) in $(seconds $(($(qyx_now_ms) - t0)))"
    elif [[ -f "$(qyx_run_dir)/$name.pid" ]] && qyx_forget "$name"; then
      echo "$name was not running; removed its stale pid file"
    fi
  done
  rm -f "$QYX_HOME/stack.properties"
  if $purge && [[ -d "$QYX_HOME" ]]; then
    [[ -f "$QYX_HOME/.qyx-home" ]] ||
      die "not purging $QYX_HOME: it has no .qyx-home marker, so it may not be the stack's"
    # The directory itself stays: a test's temp dir is removed by whoever created it.
    find "$QYX_HOME" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
    echo "purged $QYX_HOME"
  fi
}

cmd_stop() {
  (($# == 1)) && is_service "$1" || die "usage: stack.sh stop SERVICE (one of: ${SERVICES[*]})"
  local pid t0
  if pid=$(qyx_pid "$1"); then
    t0=$(qyx_now_ms)
    qyx_stop "$1" "$([[ "$1" == kafka* ]] && echo 60 || echo 30)"
    echo "stopped $1 (pid $pid) in $(seconds $(($(qyx_now_ms) - t0)))"
  else
    echo "$1 was not running"
  fi
}

cmd_status() {
  local s pid state rss all_up=0 name
  printf '%-12s %-46s %-8s %-26s %s\n' NAME ENDPOINT PID STATE RSS_MB
  for s in "${SERVICES[@]}"; do
    rss=- pid=-
    if pid=$(qyx_pid "$s"); then
      rss=$(qyx_rss "$s" || echo -)
      if answering "$s"; then state=up; else state=running-but-not-answering; all_up=1; fi
    else
      pid=- state=down all_up=1
    fi
    printf '%-12s %-46s %-8s %-26s %s\n' "$s" "$(endpoint "$s")" "$pid" "$state" "$rss"
  done
  # Apps other scripts started under this QYX_HOME, for the full picture; they don't affect the
  # exit code, which is about the services.
  while read -r name; do
    if [[ -z "$name" ]] || is_service "$name"; then continue; fi
    if pid=$(qyx_pid "$name"); then
      printf '%-12s %-46s %-8s %-26s %s\n' "$name" "(app)" "$pid" running "$(qyx_rss "$name" || echo -)"
    else
      printf '%-12s %-46s %-8s %-26s %s\n' "$name" "(app)" - "down (stale pid file)" -
    fi
  done < <(qyx_names)
  return "$all_up"
}

cmd_env() {
  local v
  for v in "${QYX_SETTINGS[@]}"; do printf '%s=%q\n' "$v" "${!v}"; done
  printf '# registry java: %s\n' "$(qyx_java21 2>/dev/null || echo 'none found (needs 21+)')"
}

usage() {
  sed -n '2,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

main() {
  local cmd=${1:-}
  shift || true
  case "$cmd" in
    install) (($# == 0)) || usage; cmd_install ;;
    install-browser) (($# == 0)) || usage; install_browser ;;
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    stop) cmd_stop "$@" ;;
    status) (($# == 0)) || usage; cmd_status ;;
    env) (($# == 0)) || usage; cmd_env ;;
    *) usage ;;
  esac
}

main "$@"
