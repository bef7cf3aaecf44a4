#!/bin/sh
# Makes the two base images the Dockerfiles build on, from Debian's packages alone (no image
# registry): a Debian bookworm root file system by debootstrap, with nginx-light and wget, imported
#   - as $NGINX_IMAGE (nginx, wget for the HEALTHCHECK), and
#   - with this machine's Node 20 (/usr/bin/node and npm) added, as $NODE_IMAGE.
# Usage (as root, with debootstrap installed: apt-get install -y debootstrap):
#   DOCKER_HOST=unix:///path/to/docker.sock sh test/deploy/make-base-images.sh
# Then build with SIMSCOPE_NODE_IMAGE=$NODE_IMAGE SIMSCOPE_NGINX_IMAGE=$NGINX_IMAGE (see .env.example).
# The Debian mirror is the one this machine's apt uses (MIRROR to override).
set -eu
NODE_IMAGE=${NODE_IMAGE:-simscope-base/node:20}
NGINX_IMAGE=${NGINX_IMAGE:-simscope-base/nginx:bookworm}
SUITE=${SUITE:-bookworm}
if [ -z "${MIRROR:-}" ]; then
  MIRROR=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1)
  [ -n "$MIRROR" ] || MIRROR=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | head -n1)
fi
[ -n "$MIRROR" ] || { echo "make-base-images: no Debian mirror found in apt's sources; set MIRROR" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "make-base-images: needs debootstrap (apt-get install -y debootstrap)" >&2; exit 1; }
NODE=$(command -v node)
NPM_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")

if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/simscope-base-XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi
ROOT="$WORK/rootfs"
if [ ! -x "$ROOT/usr/sbin/nginx" ]; then
  echo "debootstrap $SUITE from $MIRROR (a few minutes)…"
  debootstrap --variant=minbase --include=ca-certificates,nginx-light,wget "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log"
fi
rm -rf "$ROOT/var/cache/apt/archives/"*.deb "$ROOT/var/lib/apt/lists/"*
# The images trust what this machine trusts (its CA bundle, local CAs included), so a build behind
# the same TLS-inspecting proxy reaches the npm registry as the host does.
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/ca-certificates.crt"
rm -f "$ROOT/etc/nginx/sites-enabled/"*

tar -C "$ROOT" -c . | docker import \
  --change 'CMD ["nginx", "-g", "daemon off;"]' \
  --change 'LABEL org.opencontainers.image.description="Debian bookworm minbase with nginx-light and wget, made by debootstrap"' \
  - "$NGINX_IMAGE"

mkdir -p "$ROOT/usr/lib/node_modules"
cp "$NODE" "$ROOT/usr/bin/node"
cp -a "$NPM_DIR" "$ROOT/usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/bin/npm"
tar -C "$ROOT" -c . | docker import \
  --change 'CMD ["node"]' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change "LABEL org.opencontainers.image.description=\"Debian bookworm minbase with this machine's Node $($NODE --version)\"" \
  - "$NODE_IMAGE"
echo "made $NGINX_IMAGE and $NODE_IMAGE"
