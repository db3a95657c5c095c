#!/usr/bin/env bash
# Makes Redis servers available on 127.0.0.1 for the integration tests and benchmarks and exports the
# StackExchange.Redis configuration strings they read. Meant to be sourced (eng/servers.sh does); running it directly
# works too but exports nothing to the caller.
#
# - BATCHFLOW_REDIS: a standalone server without persistence (port BATCHFLOW_REDIS_PORT, 6379).
# - BATCHFLOW_REDIS_DURABLE: a standalone server with an append-only file fsynced on every write (port
#   BATCHFLOW_REDIS_DURABLE_PORT, 6380), for the tests that restart the server.
# - BATCHFLOW_REDIS_CLUSTER: a Redis Cluster of three masters without persistence (ports BATCHFLOW_REDIS_CLUSTER_PORT,
#   7001, and the next two), created when it is not formed; a cluster left broken (stale nodes.conf after a restart,
#   a node that lost its config) is reset and created again.
# Each string ends in allowAdmin=true (the tests run CLIENT KILL, INFO, CONFIG).
#
# - A variable already set is used as is: its server is not started (nothing at all is when all three are set).
# - Installs Debian's redis-server package when it is missing (needs root, no stdin).
# - Starts every server that does not answer at once, each detached in its own session (no systemd here, and service
#   starts are blocked), listening on 127.0.0.1 only, its data in /var/lib/batchflow-redis/<port> (BATCHFLOW_REDIS_DIR);
#   then waits (bounded) for all of them. Running it twice finds everything up and changes nothing.
#
# Also defines bf_redis_durable_stop and bf_redis_durable_start (used by the tests that restart the durable server).
#
# Sourced under `set -uo pipefail` (no -e): every step checks its own result, and the last command's status is the
# script's, so `source eng/redis.sh || ...` sees a failure. Output is a line or two; details go to logs in
# ${TMPDIR:-/tmp}: batchflow-redis.log (this script), batchflow-redis-<port>.log (each server).

bf_rd_log="${TMPDIR:-/tmp}/batchflow-redis.log"
bf_rd_port="${BATCHFLOW_REDIS_PORT:-6379}"
bf_rd_durable_port="${BATCHFLOW_REDIS_DURABLE_PORT:-6380}"
bf_rd_cluster_base="${BATCHFLOW_REDIS_CLUSTER_PORT:-7001}"
bf_rd_cluster_ports=("$bf_rd_cluster_base" "$((bf_rd_cluster_base + 1))" "$((bf_rd_cluster_base + 2))")
if [ "$(id -u)" -eq 0 ]; then
  bf_rd_dir="${BATCHFLOW_REDIS_DIR:-/var/lib/batchflow-redis}"
else
  bf_rd_dir="${BATCHFLOW_REDIS_DIR:-${TMPDIR:-/tmp}/batchflow-redis-$(id -u)}"
fi
declare -gA bf_rd_pids 2>/dev/null || true

# redis-cli against a loopback port, never hanging for long.
bf_rd_cli() {
  local port="$1"
  shift
  timeout 5 redis-cli -h 127.0.0.1 -p "$port" "$@" </dev/null
}

# Answers at all (a reply, even the LOADING error).
bf_rd_answers() {
  [ -n "$(bf_rd_cli "$1" ping 2>/dev/null)" ]
}

# Answers and has finished loading its data (INFO answers while loading, with loading:1).
bf_rd_ready() {
  bf_rd_cli "$1" info persistence 2>/dev/null | tr -d '\r' | grep -qx 'loading:0'
}

bf_rd_alive() {
  ps -o stat= -p "$1" 2>/dev/null | grep -qv '^Z'
}

bf_rd_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "redis: not installed, and installing it needs root (or set BATCHFLOW_REDIS, BATCHFLOW_REDIS_DURABLE, BATCHFLOW_REDIS_CLUSTER)." >&2
    return 1
  fi
  echo "redis: installing Debian's redis-server package (log: $bf_rd_log)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get update >>"$bf_rd_log" 2>&1 ||
     ! apt-get install -y redis-server redis-tools >>"$bf_rd_log" 2>&1; then
    echo "redis: apt-get install failed; see $bf_rd_log" >&2
    return 1
  fi
}

# Starts one server in the background: port, data directory, then its own settings. Does not wait.
# Detached, from /, with every standard stream redirected: nothing of the caller's (a pipe CI reads) stays open in it.
# setsid: its own session, so a test runner's process-group kill (a timeout) does not take the server with it.
bf_rd_spawn() {
  local port="$1" dir="$2"
  shift 2
  if ! install -d -m 700 "$dir"; then
    echo "redis: cannot create $dir" >&2
    return 1
  fi
  (cd / && exec setsid nohup redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --daemonize no \
      --dir "$dir" --pidfile "$dir/redis.pid" --logfile "" "$@" \
      </dev/null >>"${TMPDIR:-/tmp}/batchflow-redis-$port.log" 2>&1) &
  bf_rd_pids[$port]=$!
  disown $! 2>/dev/null || true
}

bf_rd_spawn_durable() {
  bf_rd_spawn "$bf_rd_durable_port" "$bf_rd_dir/$bf_rd_durable_port" --appendonly yes --appendfsync always --save ""
}

# Waits until every given port is ready: the bound in seconds, then the ports. Fails at once when a server it
# started has exited.
bf_rd_wait_ready() {
  local deadline=$((SECONDS + $1)) port pending
  shift
  pending=("$@")
  while [ "${#pending[@]}" -gt 0 ]; do
    local still=()
    for port in "${pending[@]}"; do
      if ! bf_rd_ready "$port"; then
        if [ -n "${bf_rd_pids[$port]:-}" ] && ! bf_rd_alive "${bf_rd_pids[$port]}"; then
          echo "redis: the server on port $port exited; see ${TMPDIR:-/tmp}/batchflow-redis-$port.log" >&2
          return 1
        fi
        still+=("$port")
      fi
    done
    pending=("${still[@]}")
    [ "${#pending[@]}" -eq 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "redis: port(s) ${pending[*]} not ready after $1 s; see ${TMPDIR:-/tmp}/batchflow-redis-<port>.log" >&2
      return 1
    fi
    sleep 0.1
  done
}

# Every node: state ok, all 16384 slots assigned, three masters serving them, three nodes known.
bf_rd_cluster_ok() {
  local port info
  for port in "${bf_rd_cluster_ports[@]}"; do
    info="$(bf_rd_cli "$port" cluster info 2>/dev/null | tr -d '\r')"
    grep -qx 'cluster_state:ok' <<<"$info" &&
      grep -qx 'cluster_slots_assigned:16384' <<<"$info" &&
      grep -qx 'cluster_size:3' <<<"$info" &&
      grep -qx 'cluster_known_nodes:3' <<<"$info" || return 1
  done
}

# Every node remembers the cluster (three nodes known, every slot assigned) even if it is not ok yet.
bf_rd_cluster_remembered() {
  local port info
  for port in "${bf_rd_cluster_ports[@]}"; do
    info="$(bf_rd_cli "$port" cluster info 2>/dev/null | tr -d '\r')"
    grep -qx 'cluster_slots_assigned:16384' <<<"$info" &&
      grep -qx 'cluster_known_nodes:3' <<<"$info" || return 1
  done
}

bf_rd_cluster_wait_ok() {
  local deadline=$((SECONDS + $1))
  until bf_rd_cluster_ok; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

# Forms the cluster unless it is formed. Nodes restarted with their nodes.conf rejoin by themselves within seconds;
# anything else (fresh nodes, a node that forgot, a cluster that stays down) is emptied, reset and created again.
bf_rd_cluster_form() {
  local port nodes=()
  bf_rd_cluster_ok && return 0
  if bf_rd_cluster_remembered && bf_rd_cluster_wait_ok 10; then
    echo "cluster rejoined from nodes.conf" >>"$bf_rd_log"
    return 0
  fi

  echo "creating the cluster on ports ${bf_rd_cluster_ports[*]}" >>"$bf_rd_log"
  for port in "${bf_rd_cluster_ports[@]}"; do
    # CLUSTER RESET refuses a master that holds keys.
    if ! bf_rd_cli "$port" flushall >>"$bf_rd_log" 2>&1 ||
       [ "$(bf_rd_cli "$port" cluster reset hard 2>>"$bf_rd_log" | tr -d '\r')" != OK ]; then
      echo "redis: resetting cluster node $port failed; see $bf_rd_log" >&2
      return 1
    fi
    nodes+=("127.0.0.1:$port")
  done
  if ! timeout 60 redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes \
      </dev/null >>"$bf_rd_log" 2>&1; then
    echo "redis: redis-cli --cluster create failed; see $bf_rd_log" >&2
    return 1
  fi
  if ! bf_rd_cluster_wait_ok 30; then
    echo "redis: the cluster on ports ${bf_rd_cluster_ports[*]} is not ok 30 s after creating it; see $bf_rd_log" >&2
    return 1
  fi
}

# Stops the durable server (SHUTDOWN: the append-only file is already fsynced) and waits until it is gone.
bf_redis_durable_stop() {
  local port="$bf_rd_durable_port" pid deadline
  bf_rd_answers "$port" || return 0
  pid="$(bf_rd_cli "$port" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')"
  bf_rd_cli "$port" shutdown >>"$bf_rd_log" 2>&1   # the connection closes under it: its status says nothing
  deadline=$((SECONDS + 30))
  while bf_rd_answers "$port" || { [ -n "$pid" ] && bf_rd_alive "$pid"; }; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "redis: the durable server on port $port still runs 30 s after SHUTDOWN" >&2
      return 1
    fi
    sleep 0.1
  done
}

# Starts the durable server unless it answers, and waits up to 60 s until it has loaded its append-only file.
bf_redis_durable_start() {
  if ! bf_rd_answers "$bf_rd_durable_port"; then
    bf_rd_spawn_durable || return 1
  fi
  bf_rd_wait_ready 60 "$bf_rd_durable_port"
}

bf_redis_up() {
  local port pending=() parts=() version line
  local want_plain=0 want_durable=0 want_cluster=0

  [ -z "${BATCHFLOW_REDIS:-}" ] && want_plain=1
  [ -z "${BATCHFLOW_REDIS_DURABLE:-}" ] && want_durable=1
  [ -z "${BATCHFLOW_REDIS_CLUSTER:-}" ] && want_cluster=1
  if [ $((want_plain + want_durable + want_cluster)) -eq 0 ]; then
    echo "redis: using BATCHFLOW_REDIS, BATCHFLOW_REDIS_DURABLE and BATCHFLOW_REDIS_CLUSTER from the environment"
    return 0
  fi

  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    bf_rd_install || return 1
  fi

  # Everything that is not ready is started at once (unless it answers, still loading); then one wait for all.
  if [ "$want_plain" -eq 1 ] && ! bf_rd_ready "$bf_rd_port"; then
    pending+=("$bf_rd_port")
    if ! bf_rd_answers "$bf_rd_port"; then
      bf_rd_spawn "$bf_rd_port" "$bf_rd_dir/$bf_rd_port" --appendonly no --save "" || return 1
    fi
  fi
  if [ "$want_durable" -eq 1 ] && ! bf_rd_ready "$bf_rd_durable_port"; then
    pending+=("$bf_rd_durable_port")
    if ! bf_rd_answers "$bf_rd_durable_port"; then
      bf_rd_spawn_durable || return 1
    fi
  fi
  if [ "$want_cluster" -eq 1 ]; then
    for port in "${bf_rd_cluster_ports[@]}"; do
      if ! bf_rd_ready "$port"; then
        pending+=("$port")
        if ! bf_rd_answers "$port"; then
          bf_rd_spawn "$port" "$bf_rd_dir/$port" --appendonly no --save "" --cluster-enabled yes \
              --cluster-config-file nodes.conf --cluster-node-timeout 5000 || return 1
        fi
      fi
    done
  fi
  if [ "${#pending[@]}" -gt 0 ]; then
    bf_rd_wait_ready 30 "${pending[@]}" || return 1
  fi

  if [ "$want_cluster" -eq 1 ]; then
    bf_rd_cluster_form || return 1
  fi

  if [ "$want_plain" -eq 1 ]; then
    export BATCHFLOW_REDIS="127.0.0.1:$bf_rd_port,allowAdmin=true"
    parts+=("127.0.0.1:$bf_rd_port")
  fi
  if [ "$want_durable" -eq 1 ]; then
    export BATCHFLOW_REDIS_DURABLE="127.0.0.1:$bf_rd_durable_port,allowAdmin=true"
    parts+=("durable 127.0.0.1:$bf_rd_durable_port")
  fi
  if [ "$want_cluster" -eq 1 ]; then
    export BATCHFLOW_REDIS_CLUSTER="127.0.0.1:${bf_rd_cluster_ports[0]},127.0.0.1:${bf_rd_cluster_ports[1]},127.0.0.1:${bf_rd_cluster_ports[2]},allowAdmin=true"
    parts+=("cluster 127.0.0.1:${bf_rd_cluster_ports[0]}-${bf_rd_cluster_ports[2]}")
  fi
  version="$(redis-server --version 2>/dev/null | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
  line="${parts[0]}"
  for port in "${parts[@]:1}"; do
    line+=", $port"
  done
  echo "redis: ${version:-?} up on $line"
}

bf_redis_up
