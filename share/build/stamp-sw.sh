#!/bin/sh
# Trunk post_build hook (share/Trunk.toml): writes this build's id and asset list into the staged
# sw.js, so the share page's service worker precaches exactly this build's files (under /share/)
# and a new build installs into a new cache. The id is a hash of every staged file's content.
set -eu
dir=${TRUNK_STAGING_DIR:?run by trunk}
cd "$dir"
[ -f sw.js ] || { echo "stamp-sw: no sw.js in $dir" >&2; exit 1; }

files=$(find . -type f ! -name sw.js ! -name '*.br' ! -name '*.gz' | sed 's|^\./|/share/|' | LC_ALL=C sort)
build_id=$(find . -type f ! -name sw.js ! -name '*.br' ! -name '*.gz' -print0 | LC_ALL=C sort -z |
  xargs -0 sha256sum | sha256sum | cut -c1-16)
assets=$(printf '%s\n' "$files" | sed "s|.*|'&'|" | paste -sd, -)

sed -i \
  -e "s|^const BUILD_ID = .*|const BUILD_ID = '$build_id';|" \
  -e "s|^const ASSETS = .*|const ASSETS = [$assets];|" \
  sw.js
grep -q "const BUILD_ID = '$build_id';" sw.js || { echo "stamp-sw: could not stamp sw.js" >&2; exit 1; }
echo "stamp-sw (share): build $build_id, $(printf '%s\n' "$files" | wc -l) assets"
