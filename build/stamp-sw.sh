#!/bin/sh
# Trunk post_build hook (Trunk.toml): writes this build's id and asset list into the staged sw.js,
# so the service worker precaches exactly the files of this build and a new build gets a new cache.
# The id is a hash of every staged file's content, so an unchanged build keeps its id.
set -eu
dir=${TRUNK_STAGING_DIR:?run by trunk}
cd "$dir"
[ -f sw.js ] || { echo "stamp-sw: no sw.js in $dir" >&2; exit 1; }

files=$(find . -type f ! -name sw.js ! -name '*.br' ! -name '*.gz' | sed 's|^\./|/|' | LC_ALL=C sort)
build_id=$(find . -type f ! -name sw.js ! -name '*.br' ! -name '*.gz' -print0 | LC_ALL=C sort -z |
  xargs -0 sha256sum | sha256sum | cut -c1-16)
assets=$(printf '%s\n' "$files" | sed "s|.*|'&'|" | paste -sd, -)

# Whole-line comments are for readers of public/sw.js, not for every phone that installs it.
sed -i \
  -e "s|^const BUILD_ID = .*|const BUILD_ID = '$build_id';|" \
  -e "s|^const ASSETS = .*|const ASSETS = [$assets];|" \
  -e '/^[[:space:]]*\/\//d' \
  sw.js
grep -q "const BUILD_ID = '$build_id';" sw.js || { echo "stamp-sw: could not stamp sw.js" >&2; exit 1; }
echo "stamp-sw: build $build_id, $(printf '%s\n' "$files" | wc -l) assets"
