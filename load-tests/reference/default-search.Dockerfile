# The app image with Vendure's own PostgresSearchStrategy in the server role: the reference the
# shop's IndexedSearchStrategy is measured against (docs/search.md). For benchmarks, never a shop.
# Build context: e2e/cluster/dist/search (`npx nx run cluster-e2e:build` first).
ARG BASE_IMAGE=vendure-scale:local
FROM ${BASE_IMAGE}
COPY default-search-server.js /app/search-reference/
USER root
# pm2 runs apps/server/dist/main.js for the server role; the worker and migrate roles are unchanged.
RUN echo "require('/app/search-reference/default-search-server.js');" > /app/apps/server/dist/main.js
USER node
