#!/bin/sh
# Build the front-end assets the platform serves (run by `make assets`).
#
# GOV.UK Frontend comes from npm (package.json, package-lock.json). The built
# files are committed under vawg/core/static/vawg/, so CI and deployments need
# no Node. This is not a GOV.UK service: the build leaves out the GDS Transport
# font and the GOV.UK crown and crest, and ships its own neutral favicon.
#
# Usage: scripts/build_assets.sh [--no-install]
set -eu

cd "$(dirname "$0")/.."
OUT=vawg/core/static/vawg
GOVUK=node_modules/govuk-frontend/dist/govuk

if [ "${1:-}" != "--no-install" ]; then
    npm ci --no-audit --no-fund
fi

mkdir -p "$OUT/images"

# Styles: GOV.UK Frontend with Arial, no font files, no crest (assets/scss/app.scss).
npx --no-install sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
    assets/scss/app.scss "$OUT/app.css"

# Scripts: the GOV.UK Frontend ES module without its source-map comment (the
# manifest storage would otherwise look for a .map file), and our entry point.
sed -e '/^\/\/# sourceMappingURL=/d' -e 's#//\# sourceMappingURL=[^ ]*$##' \
    "$GOVUK/govuk-frontend.min.js" > "$OUT/govuk-frontend.min.js"
cp assets/js/app.js "$OUT/app.js"

# Images: our own favicon only (GOV.UK's favicons and icons show the crown).
cp assets/images/favicon.svg "$OUT/images/favicon.svg"

# Checks: no GOV.UK font, no URL in the CSS other than our own static files.
if grep -q "GDS Transport" "$OUT/app.css"; then
    echo "build_assets: $OUT/app.css mentions GDS Transport" >&2
    exit 1
fi
if grep -o 'url([^)]*)' "$OUT/app.css" | grep -v -e '^url("\{0,1\}/static/vawg/' -e '^url("\{0,1\}data:' >/dev/null; then
    echo "build_assets: $OUT/app.css refers to a URL outside /static/vawg/:" >&2
    grep -o 'url([^)]*)' "$OUT/app.css" >&2
    exit 1
fi
if grep -q "sourceMappingURL" "$OUT/govuk-frontend.min.js"; then
    echo "build_assets: $OUT/govuk-frontend.min.js still has a sourceMappingURL" >&2
    exit 1
fi

echo "build_assets: wrote $(ls "$OUT" | tr '\n' ' ')"
