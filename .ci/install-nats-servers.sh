#!/usr/bin/env bash
# Installs the nats-server binaries the tests and benchmarks compare with (needs root and apt; idempotent):
#  - Debian's package (bookworm: 2.9.10) at /usr/sbin/nats-server, the oldest server we check against;
#  - the newest Debian builds (sid: newest, trixie: 2.10.x) unpacked under /opt/nats/<version>/usr/sbin/nats-server,
#    without replacing the installed package. nats-spring-test's NatsServerProcess runs the newest of these unless
#    NATS_SERVER_BIN names another.
# Prints the newest binary's path.
set -euo pipefail

if ! [ -x /usr/sbin/nats-server ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server) >/dev/null 2>&1 \
    || echo "install-nats-servers.sh: could not install Debian's nats-server package" >&2
fi

if ! ls /opt/nats/*/usr/sbin/nats-server >/dev/null 2>&1; then
  [ -f /etc/apt/sources.list.d/newer.sources ] || cat > /etc/apt/sources.list.d/newer.sources <<'S'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
S
  # Only nats-server is taken from trixie/sid, and only by download: nothing else is upgraded from there.
  [ -f /etc/apt/preferences.d/newer.pref ] || printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n\nPackage: *\nPin: release n=sid\nPin-Priority: 50\n' > /etc/apt/preferences.d/newer.pref
  apt-get update -qq >/dev/null 2>&1
  mkdir -p /opt/nats && cd /opt/nats
  for v in $(apt-cache madison nats-server | awk '{print $3}' | sort -uV | tail -2); do
    apt-get download -qq "nats-server=$v" >/dev/null 2>&1 || continue
    d=$(ls nats-server_*"${v#*:}"*.deb | head -1); ver=${v%%-*}; mkdir -p "$ver"; dpkg -x "$d" "$ver"; rm -f "$d"
  done
fi

newest=$(ls -d /opt/nats/*/usr/sbin/nats-server 2>/dev/null | sort -V | tail -1)
if [ -n "$newest" ]; then
  echo "$newest"
elif [ -x /usr/sbin/nats-server ]; then
  echo "install-nats-servers.sh: no newer nats-server found; only /usr/sbin/nats-server" >&2
  echo /usr/sbin/nats-server
else
  echo "install-nats-servers.sh: no nats-server installed" >&2
  exit 1
fi
