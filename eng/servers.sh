#!/usr/bin/env bash
# Starts, on loopback only, every database server the integration tests need and exports their connection
# strings. Sourced by eng/test.sh; returns non-zero when a server cannot be made available.
# Each provider has its own script beside this one; add a line per provider.

bf_servers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# shellcheck source=eng/postgres.sh
source "$bf_servers_dir/postgres.sh" || return 1
source "$bf_servers_dir/mariadb.sh" || return 1
source "$bf_servers_dir/redis.sh" || return 1
