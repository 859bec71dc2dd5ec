#!/usr/bin/env bash
# Refresh the vendored ReDoc and Swagger UI files under flowcept/http/static/ from the npm registry.
# The service serves them itself (no CDN): it runs on air-gapped login nodes.
# Usage: scripts/refresh_docs_assets.sh   (override versions: REDOC_VERSION=2.5.4 scripts/...)
set -euo pipefail
shopt -s inherit_errexit  # a failed `npm pack` inside $(...) must stop the script too

REDOC_VERSION="${REDOC_VERSION:-2.5.4}"
SWAGGER_UI_VERSION="${SWAGGER_UI_VERSION:-5.35.0}"

STATIC="$(cd "$(dirname "$0")/.." && pwd)/flowcept/http/static"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Fetch one package tarball with `npm pack` and unpack it; prints the unpacked directory.
unpack() {
    local spec="$1" name="$2"
    (cd "$WORK" && npm pack --loglevel=error "$spec" >/dev/null)
    mkdir -p "$WORK/$name"
    tar -xzf "$WORK"/"$name"-*.tgz -C "$WORK/$name"
    echo "$WORK/$name/package"
}

# Copy the listed files from $1 into $2, replacing the directory's previous contents.
install_files() {
    local from="$1" to="$2"
    shift 2
    rm -rf "$to"
    mkdir -p "$to"
    for file in "$@"; do
        cp "$from/$file" "$to/$(basename "$file")"
        printf '  %9d  %s\n' "$(wc -c <"$to/$(basename "$file")")" "${to#"$STATIC"/}/$(basename "$file")"
    done
}

# "version licence" of an unpacked package, from its package.json.
release_of() {
    node -p "const p = require('$1/package.json'); p.version + ' ' + p.license"
}

redoc="$(unpack "redoc@$REDOC_VERSION" redoc)"
swagger="$(unpack "swagger-ui-dist@$SWAGGER_UI_VERSION" swagger-ui-dist)"

echo "wrote into $STATIC:"
install_files "$redoc" "$STATIC/redoc" \
    bundles/redoc.standalone.js bundles/redoc.standalone.js.LICENSE.txt LICENSE
install_files "$swagger" "$STATIC/swagger-ui" \
    swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt swagger-ui.css \
    favicon-16x16.png favicon-32x32.png LICENSE NOTICE

cat >"$STATIC/VERSIONS" <<EOF
redoc $(release_of "$redoc")
swagger-ui-dist $(release_of "$swagger")
EOF
printf '  %9d  %s\n' "$(wc -c <"$STATIC/VERSIONS")" VERSIONS
cat "$STATIC/VERSIONS"

# The pages must not reach out at run time; list the remote hosts the bundles mention, for review
# against flowcept/http/static/README.md (most are spec identifiers or links, never fetched).
echo "remote hosts named in the bundles:"
grep -ohE 'https?://[a-zA-Z0-9.-]+' "$STATIC"/redoc/*.js "$STATIC"/swagger-ui/*.js \
    "$STATIC"/swagger-ui/*.css | sort | uniq -c | sort -rn | sed 's/^/  /'
