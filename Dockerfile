# zkinterop's container image: one image for every role (`node --role l1|gateway|chain`, `coordinator`,
# `layout init`); docs/deploy.md says how compose and Kubernetes run it.
#
# Build stage: production dependencies (native ones, EDR and better-sqlite3, built or fetched here) and
# the prebuilt CLI bundle and explorer (`npm ci` runs `prepare`: scripts/buildCli.mjs, buildExplorer.mjs).
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies first, so a source change does not reinstall them. --ignore-scripts skips our own
# `prepare` (the sources are not here yet); then the install scripts of the two production dependencies
# that have one (package-lock.json `hasInstallScript`) run: better-sqlite3's native addon, esbuild's binary.
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY contracts/artifacts ./contracts/artifacts
COPY src ./src
COPY explorer ./explorer
RUN node scripts/buildCli.mjs && node scripts/buildExplorer.mjs

# Runtime stage: Node, the production dependencies, the bundle and what bin/zkinterop.js checks it
# against (the bundle runs only while every input it lists in dist/cli.stamp.json is unchanged, and
# src/ is the fallback through tsx), nothing else: no compilers, no dev dependencies, no tests.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/bin ./bin
COPY --from=build /app/contracts/artifacts ./contracts/artifacts
COPY --from=build /app/src ./src
COPY --from=build /app/dist ./dist
COPY deploy/healthcheck.mjs ./deploy/healthcheck.mjs
# Refuse an image whose bundle would be rebuilt at every start (a copied file changed): dist/ is not
# writable at run time, so it would fall back to tsx and start in seconds instead of a fraction.
RUN node -e "import('./scripts/buildCli.mjs').then((m) => { if (!m.isBundleFresh()) { console.error('dist/cli.mjs is stale in the runtime image'); process.exit(1); } })"
# Where a container keeps its SQLite store (--data-dir) or reads a mounted layout; owned by the
# non-root user, so a named volume mounted there starts writable.
RUN mkdir -p /var/lib/zkinterop/layout /var/lib/zkinterop/data && chown -R node:node /var/lib/zkinterop
# The official image's unprivileged user (uid 1000): no node process needs root.
USER node
EXPOSE 3000 3050 3150 3250 8545
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=5 CMD ["node", "deploy/healthcheck.mjs"]
ENTRYPOINT ["node", "bin/zkinterop.js"]
CMD ["--help"]
