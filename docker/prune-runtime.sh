#!/bin/sh
# Removes from the runtime node_modules (argument 1) what no role loads at run time. Each rule is
# deliberate; `npm explain <package>` in the repo says why a package is installed at all.
set -eu
cd "$1"

# typescript (23 MB): kept by `npm ci --omit=dev` because the lockfile marks it devOptional, as an
# optional peer of i18next (for its types) ← @vendure/core; only @nestjs/graphql's build-time CLI
# plugin requires it. Dropping optional dependencies instead would also drop sharp's binaries.
rm -rf typescript .bin/tsc .bin/tsserver

# Type declarations, TypeScript sources and source maps: Node reads none of them (no --enable-source-maps).
rm -rf @types
find . -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) -delete

# typeorm's build for bundlers (its package.json "browser" field): Node never loads it.
rm -rf typeorm/browser

# date-fns ships each function as ESM (.js) and CommonJS (.cjs) plus CDN bundles; its one user at
# run time, DashboardPlugin's MetricsService, require()s it, which resolves to the .cjs files.
find date-fns -type f -name '*.js' -delete

# Documentation, by extension only: a name pattern such as HISTORY* would also hit code
# (@vendure/core's history-entry-event.js). Licence files stay.
find . -type f \( -name '*.md' -o -name '*.markdown' \) ! -iname 'LICEN[CS]E*' -delete

# Packages' own tests and examples: a directory of that name right beside a package.json.
find . -type d \( -name test -o -name tests -o -name __tests__ -o -name example -o -name examples \) -prune |
    while read -r dir; do
        if [ -f "$(dirname "$dir")/package.json" ]; then rm -rf "$dir"; fi
    done
