#!/usr/bin/env bash
# Makes the Redis servers of the integration tests and benchmarks available on 127.0.0.1 and exports their
# StackExchange.Redis configuration strings. Meant to be sourced (eng/servers.sh does).
#
#   BATCHFLOW_REDIS          standalone, port 6379, no persistence (most tests, the benchmarks)
#   BATCHFLOW_REDIS_DURABLE  standalone, port 6380, appendonly yes + appendfsync always (the restart test)
#   BATCHFLOW_REDIS_CLUSTER  a 3-master cluster on ports 7001-7003, no replicas, no persistence
#
# - When BATCHFLOW_REDIS is already set, the environment is used as is: nothing is installed or started.
# - Installs Debian's redis-server package when it is missing (needs root, no stdin).
# - Starts each server that does not answer, detached (setsid, every stream redirected, from /) so that a test
#   runner's process-group kill does not take it along, and waits (bounded) for all of them together.
# - Forms the cluster only when it is not formed; nodes left with a stale nodes.conf (a machine restart) are reset
#   and the cluster created again. Sourcing it when everything is up changes nothing.
#
# Also defines bf_redis_durable_stop and bf_redis_durable_start (the test that restarts the durable server).
# Sourced under `set -uo pipefail` (no -e): each step checks its own result; the last command's status is the script's.

bf_rd_log="${TMPDIR:-/tmp}/batchflow-redis.log"
bf_rd_root="/var/lib/batchflow-redis"
bf_rd_port="${BATCHFLOW_REDIS_PORT:-6379}"
bf_rd_durable_port="${BATCHFLOW_REDIS_DURABLE_PORT:-6380}"
bf_rd_cluster_ports=(7001 7002 7003)

bf_rd_ping() {
  [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = "PONG" ]
}

bf_rd_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "redis: not installed, and installing it needs root (or set BATCHFLOW_REDIS)." >&2
    return 1
  fi
  echo "redis: installing Debian's redis-server package (log: $bf_rd_log)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y redis-server redis-tools >>"$bf_rd_log" 2>&1; then
    if ! apt-get update >>"$bf_rd_log" 2>&1 || ! apt-get install -y redis-server redis-tools >>"$bf_rd_log" 2>&1; then
      echo "redis: apt-get install failed; see $bf_rd_log" >&2
      return 1
    fi
  fi
}

# Starts one server on port $1 with the extra arguments that follow, unless it answers. Does not wait.
bf_rd_launch() {
  local port="$1" dir="$bf_rd_root/$1"
  shift
  bf_rd_ping "$port" && return 0
  mkdir -p "$dir" || return 1
  (cd / && exec setsid nohup redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize no \
      --protected-mode yes --logfile "$dir/redis.log" "$@" </dev/null >>"$bf_rd_log" 2>&1) &
  disown $! 2>/dev/null || true
}

# Waits up to 30 s until every port given answers PONG (not LOADING).
bf_rd_wait() {
  local port tries
  for port in "$@"; do
    tries=0
    until bf_rd_ping "$port"; do
      tries=$((tries + 1))
      if [ "$tries" -ge 60 ]; then
        echo "redis: nothing answers on 127.0.0.1:$port after 30 s; see $bf_rd_root/$port/redis.log" >&2
        return 1
      fi
      sleep 0.5
    done
  done
}

bf_rd_durable_args=(--appendonly yes --appendfsync always --save '')

bf_redis_durable_start() {
  bf_rd_launch "$bf_rd_durable_port" "${bf_rd_durable_args[@]}" || return 1
  bf_rd_wait "$bf_rd_durable_port"
}

# SHUTDOWN (the append-only file is fsynced on every write, so nothing acknowledged is lost) and waits until it is gone.
bf_redis_durable_stop() {
  local tries=0
  bf_rd_ping "$bf_rd_durable_port" || return 0
  redis-cli -h 127.0.0.1 -p "$bf_rd_durable_port" shutdown >>"$bf_rd_log" 2>&1
  while bf_rd_ping "$bf_rd_durable_port"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "redis: the durable server still answers 30 s after SHUTDOWN" >&2
      return 1
    fi
    sleep 0.5
  done
}

bf_rd_cluster_ok() {
  local port
  for port in "${bf_rd_cluster_ports[@]}"; do
    redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

# Forms the cluster unless it is formed: every node emptied and reset first (stale nodes.conf, half-made clusters).
bf_rd_cluster_form() {
  local port nodes=() tries=0
  bf_rd_cluster_ok && return 0
  for port in "${bf_rd_cluster_ports[@]}"; do
    redis-cli -h 127.0.0.1 -p "$port" flushall >>"$bf_rd_log" 2>&1
    redis-cli -h 127.0.0.1 -p "$port" cluster reset hard >>"$bf_rd_log" 2>&1
    nodes+=("127.0.0.1:$port")
  done
  if ! redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >>"$bf_rd_log" 2>&1; then
    echo "redis: redis-cli --cluster create failed; see $bf_rd_log" >&2
    return 1
  fi
  until bf_rd_cluster_ok; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "redis: the cluster is not ok 30 s after it was created; see $bf_rd_log" >&2
      return 1
    fi
    sleep 0.5
  done
}

bf_redis_up() {
  local port
  if [ -n "${BATCHFLOW_REDIS:-}" ]; then
    echo "redis: using BATCHFLOW_REDIS from the environment"
    return 0
  fi

  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    bf_rd_install || return 1
  fi

  # All five at once, then one wait.
  bf_rd_launch "$bf_rd_port" --save '' --appendonly no || return 1
  bf_rd_launch "$bf_rd_durable_port" "${bf_rd_durable_args[@]}" || return 1
  for port in "${bf_rd_cluster_ports[@]}"; do
    bf_rd_launch "$port" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
        --save '' --appendonly no || return 1
  done
  bf_rd_wait "$bf_rd_port" "$bf_rd_durable_port" "${bf_rd_cluster_ports[@]}" || return 1
  bf_rd_cluster_form || return 1

  export BATCHFLOW_REDIS="127.0.0.1:$bf_rd_port,allowAdmin=true"
  export BATCHFLOW_REDIS_DURABLE="127.0.0.1:$bf_rd_durable_port,allowAdmin=true"
  export BATCHFLOW_REDIS_CLUSTER="127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003,allowAdmin=true"
  echo "redis: $(redis-server --version | awk '{print $3}' | sed 's/^v=//') up on 127.0.0.1:$bf_rd_port, durable :$bf_rd_durable_port, cluster :7001-7003"
}

bf_redis_up
