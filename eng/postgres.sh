#!/usr/bin/env bash
# Makes a PostgreSQL server available on 127.0.0.1 for the integration tests and exports BATCHFLOW_POSTGRES,
# the Npgsql connection string they read. Meant to be sourced (eng/servers.sh does); running it directly works
# too but exports nothing to the caller.
#
# - When BATCHFLOW_POSTGRES is already set, it is used as is: nothing is installed or started.
# - Installs Debian's postgresql package when no server is installed (needs root, no stdin).
# - Starts the newest installed major version's "main" cluster as the postgres user, listening on 127.0.0.1 only,
#   unless it is already running, and waits (bounded) until it accepts connections.
# - Creates the test role and database when missing. Running it twice finds everything up and changes nothing.
#
# Sourced under `set -uo pipefail` (no -e): every step checks its own result, and the last command's status is
# the script's, so `source eng/postgres.sh || ...` sees a failure. Output is a line or two; details go to a log.

bf_pg_log="${TMPDIR:-/tmp}/batchflow-postgres.log"

# Runs a command as the postgres OS user from a directory that user can read.
bf_pg_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && sudo -n -u postgres -- "$@")
  fi
}

bf_pg_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres: not installed, and installing it needs root (or set BATCHFLOW_POSTGRES)." >&2
    return 1
  fi
  echo "postgres: installing Debian's postgresql package (log: $bf_pg_log)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get update >>"$bf_pg_log" 2>&1 ||
     ! apt-get install -y postgresql >>"$bf_pg_log" 2>&1; then
    echo "postgres: apt-get install failed; see $bf_pg_log" >&2
    return 1
  fi
}

bf_pg_up() {
  local user=batchflow password=batchflow database=batchflow_test
  local version port status tries

  if [ -n "${BATCHFLOW_POSTGRES:-}" ]; then
    echo "postgres: using BATCHFLOW_POSTGRES from the environment"
    return 0
  fi

  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    bf_pg_install || return 1
  fi

  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  if [ -z "$version" ] || [ ! -x "/usr/lib/postgresql/$version/bin/postgres" ]; then
    echo "postgres: no server binary under /usr/lib/postgresql" >&2
    return 1
  fi

  if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
    if ! pg_createcluster "$version" main >>"$bf_pg_log" 2>&1; then
      echo "postgres: pg_createcluster $version main failed; see $bf_pg_log" >&2
      return 1
    fi
  fi

  # Without systemd nothing recreates the socket directory after a reboot.
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql 2>/dev/null || true

  port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"
  status="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')"
  if [ "$status" != "online" ]; then
    # The server refuses to run as root; listen_addresses is given on the command line so the config stays as is.
    if ! bf_pg_as_postgres pg_ctlcluster "$version" main start -- -o "-c listen_addresses=127.0.0.1" >>"$bf_pg_log" 2>&1; then
      echo "postgres: pg_ctlcluster $version main start failed; see $bf_pg_log and /var/log/postgresql/postgresql-$version-main.log" >&2
      return 1
    fi
  fi

  tries=0
  until pg_isready -q -h 127.0.0.1 -p "$port" -t 1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "postgres: not accepting connections on 127.0.0.1:$port after 60 s" >&2
      return 1
    fi
    sleep 1
  done

  # Idempotent role and database: created only when missing, the password reset to the known value.
  if ! bf_pg_as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA >>"$bf_pg_log" 2>&1 <<SQL
SELECT format('CREATE ROLE %I LOGIN', '$user') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$user')\gexec
ALTER ROLE "$user" LOGIN PASSWORD '$password';
SELECT format('CREATE DATABASE %I OWNER %I', '$database', '$user') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$database')\gexec
SQL
  then
    echo "postgres: creating role '$user' or database '$database' failed; see $bf_pg_log" >&2
    return 1
  fi

  # citext (shipped with Debian's server package) for the tests of string members in citext columns.
  if ! bf_pg_as_postgres psql -p "$port" -d "$database" -v ON_ERROR_STOP=1 -qtA \
      -c 'CREATE EXTENSION IF NOT EXISTS citext SCHEMA public' >>"$bf_pg_log" 2>&1; then
    echo "postgres: creating the citext extension in '$database' failed; see $bf_pg_log" >&2
    return 1
  fi

  export BATCHFLOW_POSTGRES="Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=$database"
  echo "postgres: $version up on 127.0.0.1:$port, database $database"
}

bf_pg_up
