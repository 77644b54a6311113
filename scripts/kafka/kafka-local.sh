#!/usr/bin/env bash
# Real single-node Apache Kafka broker (KRaft, combined broker+controller) run
# straight from Maven Central jars: no Docker, no Kafka tarball.
#
# usage: scripts/kafka/kafka-local.sh {fetch|start|launch|wait|stop|status|logs [-f]}
#   start = launch (format, start the JVM) + wait (until it serves requests). A node of a
#   multi-node cluster cannot serve before a quorum of controllers runs: launch every node,
#   then wait for each (scripts/infra/kafka.mjs startLocalKafkaCluster does this).
#
# env (defaults in brackets):
#   KAFKA_VERSION          [3.9.1]
#   KAFKA_PORT             [19092]            client (PLAINTEXT) port, bound to 127.0.0.1
#   KAFKA_CONTROLLER_PORT  [KAFKA_PORT+1]     KRaft controller port, bound to 127.0.0.1
#   KAFKA_HEAP_OPTS        [-Xms384m -Xmx384m]
#   KAFKA_OPTS             []                 extra JVM flags for the broker
#   KAFKA_EXTRA_PROPS      []                 extra server.properties lines (newline separated)
#   KAFKA_AUTO_CREATE_TOPICS [false]
#   KAFKA_CLUSTER_ID       [random per start]     the same for every node of a cluster
#   KAFKA_NODE_ID          [1]                    this node's id (broker and controller)
#   KAFKA_QUORUM_VOTERS    [<node id>@127.0.0.1:<controller port>]  every controller of the cluster
#   KAFKA_REPLICATION_FACTOR [1]                  default and internal topics' replication factor
#   KAFKA_MIN_INSYNC_REPLICAS [1]                 min.insync.replicas (2 on a three-node cluster)
#   KAFKA_START_TIMEOUT    [120]              seconds to wait for "Kafka Server started"
#   CAPSCORE_CACHE_DIR     [$HOME/.cache/capscore]   jars: $CAPSCORE_CACHE_DIR/kafka/libs-$KAFKA_VERSION
#   KAFKA_RUN_DIR          [<repo>/.run/kafka-$KAFKA_PORT]  wiped on every start
#   JAVA_HOME              [java from PATH]
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
PORT="${KAFKA_PORT:-19092}"
HOST=127.0.0.1 # not "localhost": Node may resolve that to ::1 first and the broker only binds IPv4
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms384m -Xmx384m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
CACHE_DIR="${CAPSCORE_CACHE_DIR:-${HOME:-/tmp}/.cache/capscore}/kafka"
LIBS="$CACHE_DIR/libs-$KAFKA_VERSION"
SENTINEL="$LIBS/.complete"
# Pinned: Maven 3.8.7's prefix resolution picks the ancient 2.8 otherwise.
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

die() { echo "kafka-local: error: $*" >&2; exit 1; }
say() { echo "kafka-local: $*"; }

is_port() { [[ "$1" =~ ^[0-9]+$ ]] && (($1 > 0 && $1 < 65536)); }
is_port "$PORT" || die "KAFKA_PORT='$PORT' is not a valid port number"
CPORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
is_port "$CPORT" || die "KAFKA_CONTROLLER_PORT='$CPORT' is not a valid port number"
[ "$PORT" != "$CPORT" ] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both $PORT)"
[[ "$START_TIMEOUT" =~ ^[0-9]+$ ]] || die "KAFKA_START_TIMEOUT='$START_TIMEOUT' is not a number of seconds"
[[ "$KAFKA_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "KAFKA_VERSION='$KAFKA_VERSION' is not of the form X.Y.Z"
MAJOR="${KAFKA_VERSION%%.*}"

NODE_ID="${KAFKA_NODE_ID:-1}"
[[ "$NODE_ID" =~ ^[0-9]+$ ]] || die "KAFKA_NODE_ID='$NODE_ID' is not a number"
VOTERS="${KAFKA_QUORUM_VOTERS:-$NODE_ID@$HOST:$CPORT}"
RF="${KAFKA_REPLICATION_FACTOR:-1}"
MIN_ISR="${KAFKA_MIN_INSYNC_REPLICAS:-1}"
[[ "$RF" =~ ^[1-9]$ && "$MIN_ISR" =~ ^[1-9]$ ]] || die "KAFKA_REPLICATION_FACTOR='$RF' and KAFKA_MIN_INSYNC_REPLICAS='$MIN_ISR' must be 1-9"

RUN="${KAFKA_RUN_DIR:-$ROOT/.run/kafka-$PORT}"
case "$RUN" in /*) ;; *) RUN="$PWD/$RUN" ;; esac # config files need absolute paths
PIDFILE="$RUN/kafka.pid"
LOG="$RUN/logs/kafka.log"
PROPS="$RUN/server.properties"
# Presence of this marker is what allows `start` to rm -rf the run dir, so a
# mistyped KAFKA_RUN_DIR (say $HOME) is never wiped.
MARKER="$RUN/.kafka-local-run"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/java}"
JAVA="${JAVA:-java}"

if ((MAJOR >= 4)); then
  LOG_CFG="$RUN/log4j2.properties"
  LOG_OPT="-Dlog4j2.configurationFile=$LOG_CFG"
else
  LOG_CFG="$RUN/log4j.properties"
  LOG_OPT="-Dlog4j.configuration=file:$LOG_CFG"
fi

# ---------------------------------------------------------------- fetch

libs_cached() { [ -f "$SENTINEL" ] && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null; }

fetch() {
  libs_cached && return 0
  command -v mvn >/dev/null 2>&1 ||
    die "'mvn' (Apache Maven) not found on PATH; it is needed once to download the Kafka $KAFKA_VERSION jars into $LIBS (e.g. apt-get install maven)"
  mkdir -p "$CACHE_DIR"
  # A dev broker and a test broker may be started at the same moment on a fresh
  # machine; the lock makes the second one wait for the first download.
  local lockfd
  exec {lockfd}>"$CACHE_DIR/.fetch-$KAFKA_VERSION.lock"
  if command -v flock >/dev/null 2>&1; then flock "$lockfd"; fi
  if libs_cached; then exec {lockfd}>&-; return 0; fi

  say "fetching Kafka $KAFKA_VERSION jars from Maven Central (first run only)..."
  local logdeps pom tmp
  if ((MAJOR >= 4)); then
    # 4.x logs through log4j2, but its POM carries no slf4j binding; Kafka
    # 4.0-4.3 still compile against slf4j 1.7, hence the 1.x binding.
    local l4j="${LOG4J2_VERSION:-2.24.3}"
    logdeps="
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$l4j</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$l4j</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-api</artifactId><version>$l4j</version></dependency>"
  else
    # 3.x's POM has no logging backend at all (the tarball gets it from the
    # tools module); without one slf4j falls back to NOP and the broker never
    # prints the "Kafka Server started" line we wait for.
    logdeps="
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>"
  fi
  pom="$CACHE_DIR/pom-$KAFKA_VERSION.xml"
  cat >"$pom" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.capscore</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>$logdeps
  </dependencies>
</project>
POM
  # Download into a scratch dir and rename it into place: an interrupted run
  # never leaves a half-filled libs dir that looks usable. We hold the lock, so
  # any other scratch dir is a leftover of a killed fetch.
  tmp="$LIBS.partial.$$"
  rm -rf "$LIBS".partial.*
  # shellcheck disable=SC2064 # expand now: $tmp is local to this function
  trap "rm -rf '$tmp'" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # mvn's output goes to a file: Maven 3.8 prints stray ANSI codes even with
  # -B -q, and its log only matters when it fails.
  local mvnlog="$CACHE_DIR/fetch-$KAFKA_VERSION.log"
  # -U: retry artifacts whose earlier "not found" Maven cached in ~/.m2, so a
  # fetch that failed while offline works once the network is back.
  if ! mvn -B -q -U -f "$pom" "$DEP_PLUGIN:copy-dependencies" \
    -DoutputDirectory="$tmp" -DincludeScope=runtime >"$mvnlog" 2>&1; then
    # The first [ERROR] lines name the cause; the rest is Maven boilerplate.
    sed 's/\x1b\[[0-9;]*m//g' "$mvnlog" | grep -m 3 -E '\[ERROR\] .{10,}|Exception' >&2 || tail -n 20 "$mvnlog" >&2
    die "mvn could not download Kafka $KAFKA_VERSION (output above, full log $mvnlog, pom $pom); is Maven Central reachable?"
  fi
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "mvn finished but no kafka_2.13 jar landed in $tmp (log $mvnlog)"
  touch "$tmp/.complete"
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  trap - EXIT INT TERM
  exec {lockfd}>&-
  say "cached $(find "$LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS" | cut -f1)) in $LIBS"
}

# ---------------------------------------------------------------- processes

# The PID in the pid file only counts if that process really is this
# instance's broker: after a reboot the number may belong to anything.
instance_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid args
  pid="$(cat "$PIDFILE" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  args="$(ps -o args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$args" == *"kafka.Kafka $PROPS"* ]] || return 1
  echo "$pid"
}

# Brokers of this run dir that lost their pid file (e.g. the dir was deleted
# by hand while the broker ran); matched on the exact properties path, so
# other instances and other Kafka processes are never touched.
stray_pids() {
  local pid args
  while read -r pid args; do
    [[ "$args" == *"kafka.Kafka $PROPS"* ]] && echo "$pid"
  done < <(ps -eo pid=,args=)
  return 0
}

alive() { kill -0 "$1" 2>/dev/null; }

kill_instance() { # pid
  local pid="$1" pgid
  pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" || true
  # kafka.Kafka's shutdown hook does a clean shutdown on SIGTERM.
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 80; i++)); do # 20 s
    alive "$pid" || break
    sleep 0.25
  done
  if alive "$pid"; then
    echo "kafka-local: broker pid $pid ignored SIGTERM for 20s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # The broker was started with setsid, so it leads its own process group;
  # sweep the group too in case anything was forked under it. Only when the
  # group id is the broker's own, never the caller's group.
  if [ "$pgid" = "$pid" ]; then kill -KILL -- "-$pgid" 2>/dev/null || true; fi
  for ((i = 0; i < 40; i++)); do
    alive "$pid" || return 0
    sleep 0.25
  done
  echo "kafka-local: warning: pid $pid still exists after SIGKILL" >&2
}

stop() {
  local pid found=0
  if pid="$(instance_pid)"; then
    found=1
    say "stopping kafka on $HOST:$PORT (pid $pid)..."
    kill_instance "$pid"
  fi
  for pid in $(stray_pids); do
    found=1
    say "stopping stray kafka process $pid of $RUN..."
    kill_instance "$pid"
  done
  rm -f "$PIDFILE"
  if ((found)); then say "kafka on $HOST:$PORT stopped"; else say "kafka on $HOST:$PORT is not running"; fi
}

status() {
  local pid
  if pid="$(instance_pid)"; then
    echo "running: kafka on $HOST:$PORT (pid $pid, log $LOG)"
    return 0
  fi
  echo "stopped: kafka on $HOST:$PORT"
  return 1
}

logs() {
  [ -f "$LOG" ] || die "no broker log at $LOG (has this instance been started?)"
  if [ "${1:-}" = "-f" ]; then
    tail -n "${KAFKA_LOG_LINES:-100}" -F "$LOG"
  else
    tail -n "${KAFKA_LOG_LINES:-100}" "$LOG"
  fi
}

# ---------------------------------------------------------------- start

check_java() {
  command -v "$JAVA" >/dev/null 2>&1 ||
    die "'java' not found (looked for ${JAVA}); Kafka $KAFKA_VERSION needs Java 17+ (e.g. apt-get install openjdk-17-jre-headless, or set JAVA_HOME)"
  local ver major
  ver="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  major="${ver%%.*}"
  [ "$major" = 1 ] && major="$(echo "$ver" | cut -d. -f2)" # 1.8.0_x => 8
  [[ "$major" =~ ^[0-9]+$ ]] || die "could not read the Java version from '$JAVA -version' (got '$ver')"
  ((major >= 17)) || die "Java $ver found at $(command -v "$JAVA"), but this script needs Java 17+ (set JAVA_HOME to a newer JDK)"
}

port_in_use() {
  # Connecting is what counts: a listener on 127.0.0.1 or on the wildcard
  # address both make our bind fail. Loopback answers at once, no hang.
  if command -v timeout >/dev/null 2>&1; then
    timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
  fi
}

port_holder() { # prints e.g. 'java (pid 123)' when ss can tell
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "( sport = :$1 )" 2>/dev/null |
    sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n1 || true
}

check_ports() {
  local p what holder
  for p in "$PORT" "$CPORT"; do
    if [ "$p" = "$PORT" ]; then
      what="Kafka client port (KAFKA_PORT)"
    else
      what="Kafka controller port (KAFKA_CONTROLLER_PORT, defaults to KAFKA_PORT+1)"
    fi
    if port_in_use "$p"; then
      holder="$(port_holder "$p")"
      die "port $HOST:$p, the $what, is already in use${holder:+ by $holder}; stop that process or choose other ports, e.g. KAFKA_PORT=29092 $0 start"
    fi
  done
}

prepare_run_dir() {
  if [ -e "$RUN" ] && [ ! -f "$MARKER" ] && [ -n "$(ls -A "$RUN" 2>/dev/null)" ]; then
    die "KAFKA_RUN_DIR $RUN exists, is not empty and was not made by this script; refusing to wipe it"
  fi
  rm -rf "$RUN"
  mkdir -p "$RUN/data" "$RUN/logs"
  touch "$MARKER"
  # Keeps the default <repo>/.run/ out of `git status` even without a
  # .gitignore entry in the repo.
  printf '*\n' >"$RUN/.gitignore"
}

write_config() {
  local auto_create="${KAFKA_AUTO_CREATE_TOPICS:-false}"
  cat >"$PROPS" <<PROPS
# Generated by scripts/kafka/kafka-local.sh on every start; edits are lost.
process.roles=broker,controller
node.id=$NODE_ID
# Static quorum (one voter, or every node of a local cluster): works unchanged on 3.9 and 4.x,
# no --standalone.
controller.quorum.voters=$VOTERS
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CPORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$RUN/data

# capscore creates its topics explicitly. With auto-creation off, a missing
# create step or a misspelt topic fails loudly here (UNKNOWN_TOPIC_OR_PARTITION)
# the way it would against a managed cluster, instead of silently getting a
# 1-partition topic that hides the bug. Override: KAFKA_AUTO_CREATE_TOPICS=true.
auto.create.topics.enable=$auto_create
num.partitions=1
default.replication.factor=$RF
min.insync.replicas=$MIN_ISR

# One broker: the internal topics' defaults (RF 3, min.isr 2) can never be met; a three-node
# cluster sets KAFKA_REPLICATION_FACTOR=3 and KAFKA_MIN_INSYNC_REPLICAS=2.
# One partition each makes the first consumer group / transaction start fast.
offsets.topic.replication.factor=$RF
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=$RF
transaction.state.log.min.isr=$MIN_ISR
transaction.state.log.num.partitions=1

# Tests: join groups without the 3 s wait, allow short session timeouts.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=3000

# 2-core machine shared with Node and Redis.
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
# The log cleaner (needed for compacted __consumer_offsets) otherwise grabs
# 128 MiB of the small heap for its dedupe buffer.
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=8388608

# Every start is a fresh cluster, so retention only matters for a dev broker
# left running for days; one day keeps the disk bounded. Segment size stays
# at the default.
log.retention.hours=24
log.retention.check.interval.ms=300000
PROPS
  if ((MAJOR >= 4)); then
    printf '%s\n' "share.coordinator.state.topic.replication.factor=$RF" \
      "share.coordinator.state.topic.min.isr=$MIN_ISR" >>"$PROPS"
  fi
  if [ -n "${KAFKA_EXTRA_PROPS:-}" ]; then
    printf '\n# KAFKA_EXTRA_PROPS\n%s\n' "$KAFKA_EXTRA_PROPS" >>"$PROPS"
  fi

  # WARN keeps the log small on a busy 2-core box; the raft server at INFO
  # gives the readiness line, the group coordinator at INFO shows rebalances,
  # which is what one usually needs when a consumer test hangs.
  if ((MAJOR >= 4)); then
    cat >"$LOG_CFG" <<'L4J2'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = STDOUT
logger.raftserver.name = kafka.server.KafkaRaftServer
logger.raftserver.level = info
logger.group.name = org.apache.kafka.coordinator.group
logger.group.level = info
L4J2
  else
    cat >"$LOG_CFG" <<'L4J'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.coordinator.group=INFO
L4J
  fi
}

random_cluster_id() {
  # Same shape as Uuid.randomUuid(): 16 bytes, base64url, no padding. A
  # leading '-' would be read as an option by the StorageTool's parser.
  local id
  while :; do
    id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" == -* ]] || break
  done
  echo "$id"
}

fail_start() { # message
  echo "kafka-local: error: $1" >&2
  if [ -f "$LOG" ]; then
    echo "----- last 60 lines of $LOG -----" >&2
    tail -n 60 "$LOG" >&2
    echo "-----" >&2
  fi
  stop >/dev/null 2>&1 || true
  exit 1
}

now_ms() { local t="${EPOCHREALTIME:-$SECONDS.000000}"; echo $((${t/./} / 1000)); }

launch() {
  check_java
  # Fresh cluster on every start: an old broker of this run dir goes first,
  # before the port check (which it would otherwise trip).
  if instance_pid >/dev/null || [ -n "$(stray_pids)" ]; then stop; fi
  fetch
  check_ports
  prepare_run_dir
  write_config

  local cluster_id="${KAFKA_CLUSTER_ID:-$(random_cluster_id)}"
  # Static quorum (controller.quorum.voters), so no --standalone flag.
  if ! "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 "$LOG_OPT" -cp "$LIBS/*" kafka.tools.StorageTool \
    format -t "$cluster_id" -c "$PROPS" >"$RUN/logs/format.log" 2>&1; then
    cat "$RUN/logs/format.log" >&2
    die "formatting the KRaft storage in $RUN/data failed (output above)"
  fi

  local -a heap perf extra
  read -r -a heap <<<"$HEAP_OPTS"
  read -r -a extra <<<"${KAFKA_OPTS:-}"
  # Kafka's own kafka-run-class.sh flags, minus JMX and GC logging, plus a
  # hard exit on OOM so a starved test broker dies loudly instead of limping.
  perf=(-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true)

  # setsid: own session and process group, so the broker outlives the calling
  # shell (and its Ctrl-C / SIGHUP) and `stop` can signal the whole group.
  # The inner bash writes its own PID and then execs java, so the pid file
  # holds the java PID whether or not setsid had to fork.
  local -a detach=()
  if command -v setsid >/dev/null 2>&1; then detach=(setsid); fi
  # shellcheck disable=SC2016 # $$ and $@ are for the inner bash
  "${detach[@]}" bash -c 'echo $$ >"$1"; shift; exec nohup "$@"' kafka-local "$PIDFILE" \
    "$JAVA" "${heap[@]}" "${perf[@]}" -Dkafka.logs.dir="$RUN/logs" "$LOG_OPT" "${extra[@]}" \
    -cp "$LIBS/*" kafka.Kafka "$PROPS" \
    </dev/null >"$LOG" 2>&1 &
  local launcher=$! pid="" i

  for ((i = 0; i < 40; i++)); do # the pid file appears within ms; 10 s cap
    [ -s "$PIDFILE" ] && { pid="$(cat "$PIDFILE")"; break; }
    sleep 0.25
  done
  [ -n "$pid" ] || fail_start "broker launcher (pid $launcher) never wrote $PIDFILE"
}

wait_ready() {
  local pid
  pid="$(instance_pid)" || fail_start "no broker of $RUN is running (launch it first)"
  local deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    # Logged by KafkaRaftServer only after the broker is unfenced, i.e. it
    # accepts produce/fetch/group requests.
    if grep -q 'Kafka Server started' "$LOG" 2>/dev/null; then break; fi
    alive "$pid" || fail_start "kafka (pid $pid) exited during startup"
    ((SECONDS < deadline)) || fail_start "kafka (pid $pid) not ready after ${START_TIMEOUT}s"
    sleep 0.2
  done
  echo "kafka ready on $HOST:$PORT (pid $pid, log $LOG)"
}

start() {
  local t0
  t0="$(now_ms)"
  launch
  wait_ready
  local ms=$(($(now_ms) - t0))
  say "started in $((ms / 1000)).$(printf '%03d' $((ms % 1000)) | cut -c1)s"
}

case "${1:-}" in
  fetch) fetch && libs_cached && say "Kafka $KAFKA_VERSION jars are in $LIBS" ;;
  start) start ;;
  launch) launch ;;
  wait) wait_ready ;;
  stop) stop ;;
  status) status ;;
  logs) logs "${2:-}" ;;
  *)
    echo "usage: $0 {fetch|start|launch|wait|stop|status|logs [-f]}" >&2
    exit 2
    ;;
esac
