#!/usr/bin/env bash
# Makes sure the PostgreSQL and Redis the tests use answer on 127.0.0.1 (5432 and 6379).
# Leaves running servers alone; starts installed ones; installs them from Debian's packages
# only on a machine that has neither.
set -euo pipefail

answers() { # host port
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

wait_for() { # name port
  for _ in $(seq 1 30); do
    answers 127.0.0.1 "$2" && return 0
    sleep 1
  done
  echo "ensure-services: $1 does not answer on 127.0.0.1:$2" >&2
  return 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-upgrade "$@" >/dev/null
}

if ! answers 127.0.0.1 5432; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "ensure-services: installing PostgreSQL" >&2
    apt_install postgresql
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    # The suite connects over TCP as postgres without a password, like the CI machines.
    as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' \
      "/etc/postgresql/$version/main/pg_hba.conf"
  fi
  echo "ensure-services: starting PostgreSQL" >&2
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  wait_for PostgreSQL 5432
fi

if ! answers 127.0.0.1 6379; then
  command -v redis-server >/dev/null || { echo "ensure-services: installing Redis" >&2; apt_install redis-server; }
  echo "ensure-services: starting Redis" >&2
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis 6379
fi
