#!/usr/bin/env bash
# Makes a MariaDB server available on 127.0.0.1 for the integration tests and exports BATCHFLOW_MYSQL, the
# MySqlConnector connection string they read. Meant to be sourced (eng/servers.sh does); running it directly works
# too but exports nothing to the caller.
#
# - When BATCHFLOW_MYSQL is already set, it is used as is: nothing is installed or started.
# - Installs Debian's mariadb-server package when no server is installed (needs root, no stdin).
# - Starts mysqld_safe in the background (no systemd here, and service starts are blocked), listening on 127.0.0.1
#   only, unless the server already answers, and waits (bounded) until it does.
# - Creates the test user and database when missing (root logs in through the unix socket). Running it twice finds
#   everything up and changes nothing.
#
# Also defines bf_mariadb_stop and bf_mariadb_start (used by the tests that stop and restart the server).
#
# Sourced under `set -uo pipefail` (no -e): every step checks its own result, and the last command's status is the
# script's, so `source eng/mariadb.sh || ...` sees a failure. Output is a line or two; details go to a log.

bf_my_log="${TMPDIR:-/tmp}/batchflow-mariadb.log"
bf_my_port="${BATCHFLOW_MYSQL_PORT:-3306}"

bf_my_ping() {
  mariadb-admin --protocol=socket -uroot ping >/dev/null 2>&1
}

bf_my_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "mariadb: not installed, and installing it needs root (or set BATCHFLOW_MYSQL)." >&2
    return 1
  fi
  echo "mariadb: installing Debian's mariadb-server package (log: $bf_my_log)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get update >>"$bf_my_log" 2>&1 ||
     ! apt-get install -y mariadb-server mariadb-client >>"$bf_my_log" 2>&1; then
    echo "mariadb: apt-get install failed; see $bf_my_log" >&2
    return 1
  fi
}

# Starts the server unless it answers, then waits up to 60 s for it.
bf_mariadb_start() {
  local tries
  if bf_my_ping; then
    return 0
  fi

  # Without systemd nothing creates the socket directory.
  install -d -o mysql -g mysql -m 755 /run/mysqld 2>/dev/null || true
  if [ ! -d /var/lib/mysql/mysql ]; then
    if ! mariadb-install-db --user=mysql --datadir=/var/lib/mysql >>"$bf_my_log" 2>&1; then
      echo "mariadb: mariadb-install-db failed; see $bf_my_log" >&2
      return 1
    fi
  fi

  # local_infile: the LOAD DATA LOCAL path of the MySQL provider (docs/adr/0008-mysql-write-path.md).
  # max_connections: the tests' flows, pools and admin sessions side by side.
  # Detached, from /, with every standard stream redirected: nothing of the caller's (a pipe CI reads) stays open in it.
  # setsid: its own session, so a test runner's process-group kill (a timeout) does not take the server with it.
  (cd / && exec setsid nohup mysqld_safe --user=mysql --bind-address=127.0.0.1 --port="$bf_my_port" \
      --local-infile=1 --max-connections=500 </dev/null >>"$bf_my_log" 2>&1) &
  disown $! 2>/dev/null || true

  tries=0
  until bf_my_ping; do
    tries=$((tries + 1))
    if [ "$tries" -ge 120 ]; then
      echo "mariadb: not answering on its socket after 60 s; see $bf_my_log and /var/log/mysql/" >&2
      return 1
    fi
    sleep 0.5
  done
}

# Stops the server (mysqld_safe exits with it) and waits until it is gone.
bf_mariadb_stop() {
  local tries=0
  bf_my_ping || return 0
  mariadb-admin --protocol=socket -uroot shutdown >>"$bf_my_log" 2>&1 || return 1
  while bf_my_ping || pgrep -x mariadbd >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 120 ]; then
      echo "mariadb: still running 60 s after shutdown" >&2
      return 1
    fi
    sleep 0.5
  done
}

bf_mariadb_up() {
  local user=batchflow password=batchflow database=batchflow_test

  if [ -n "${BATCHFLOW_MYSQL:-}" ]; then
    echo "mariadb: using BATCHFLOW_MYSQL from the environment"
    return 0
  fi

  if ! command -v mysqld_safe >/dev/null 2>&1 || ! command -v mariadb-admin >/dev/null 2>&1; then
    bf_my_install || return 1
  fi

  bf_mariadb_start || return 1

  # Idempotent user and database; the password is reset to the known value. The user may KILL the flows' connections
  # and see the server's variables (the connection-loss tests), and may create databases named batchflow_test_* (a test
  # that writes through a generated factory, whose table name is fixed, gets a database of its own); nothing else.
  if ! mariadb --protocol=socket -uroot >>"$bf_my_log" 2>&1 <<SQL
CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
ALTER USER '$user'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER '$user'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$database\`.* TO '$user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$database\`.* TO '$user'@'localhost';
GRANT ALL PRIVILEGES ON \`${database//_/\\_}\\_%\`.* TO '$user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`${database//_/\\_}\\_%\`.* TO '$user'@'localhost';
GRANT PROCESS, CONNECTION ADMIN ON *.* TO '$user'@'127.0.0.1';
GRANT PROCESS, CONNECTION ADMIN ON *.* TO '$user'@'localhost';
SQL
  then
    echo "mariadb: creating user '$user' or database '$database' failed; see $bf_my_log" >&2
    return 1
  fi

  export BATCHFLOW_MYSQL="Server=127.0.0.1;Port=$bf_my_port;User ID=$user;Password=$password;Database=$database;AllowLoadLocalInfile=true"
  echo "mariadb: $(mariadb --protocol=socket -uroot -N -e 'SELECT VERSION()' 2>/dev/null) up on 127.0.0.1:$bf_my_port, database $database"
}

bf_mariadb_up
