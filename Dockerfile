# syntax=docker/dockerfile:1
# chatwoot-mcp as a network service: Streamable HTTP at /mcp and HTTP+SSE at /sse on port 8080.
#   docker run -p 8080:8080 -e MCP_AUTH_TOKEN -e CHATWOOT_BASE_URL=… -e CHATWOOT_API_TOKEN=… chatwoot-mcp
# Or over stdio, started by a local MCP client:
#   docker run -i --rm -e MCP_TRANSPORT=stdio -e CHATWOOT_BASE_URL=… -e CHATWOOT_API_TOKEN=… chatwoot-mcp
#
# Base images are pinned by digest, so that a build is repeatable and a retagged image is not taken silently.
# Node 26 is the current LTS line. Where each digest comes from, and how to refresh both:
# - BUILD_IMAGE: the multi-platform index of node:26-trixie-slim (Node 26.5.0) as recorded by the official images'
#   docker-library/repo-info on 2026-07-08.
# - RUNTIME_IMAGE: gcr.io/distroless/nodejs26-debian13:nonroot, a digest seen pinned in public Dockerfiles; it
#   could not be checked against the registry from the machine this was written on.
#   docker buildx imagetools inspect node:26-trixie-slim
#   docker buildx imagetools inspect gcr.io/distroless/nodejs26-debian13:nonroot
# print the current digests; pass them with --build-arg BUILD_IMAGE=…@sha256:… --build-arg RUNTIME_IMAGE=…@sha256:…
ARG BUILD_IMAGE=node:26-trixie-slim@sha256:ffc78385a788964bb3cbab5e434ff79a10bdc25b8ae6db03fe5fe6cb14053c09
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs26-debian13:nonroot@sha256:2ee7b2c54a3e37dfc248af81c9f6bcdcaa50abe4af44aa47a3388431031b9283

# Build: install the toolchain (npm's cache kept between builds) and bundle the server into dist/.
FROM ${BUILD_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/bundleSettings.mjs scripts/
COPY src src
# The build compiles the API description into dist/catalog.json, which start-up reads instead of deriving it.
COPY openapi.json ./
# ioredis (an optional peer of the npm package) goes into the image's bundle: replicas share events through Redis.
RUN BUNDLE_PEERS=ioredis node scripts/build.mjs

# Run: distroless Node (no shell, no npm, yarn or corepack), only the bundle (with its compiled catalog and the API
# description) and package.json (for the version). The bundle carries its libraries: no node_modules.
FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="chatwoot-mcp" \
      org.opencontainers.image.description="MCP server that gives AI agents every Chatwoot REST API action as a tool" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="https://github.com/chatwoot-mcp/chatwoot-mcp" \
      org.opencontainers.image.url="https://github.com/chatwoot-mcp/chatwoot-mcp#readme" \
      org.opencontainers.image.documentation="https://github.com/chatwoot-mcp/chatwoot-mcp#readme" \
      io.modelcontextprotocol.server.name="io.github.chatwoot-mcp/chatwoot-mcp"
ENV NODE_ENV=production \
    MCP_TRANSPORT=http \
    MCP_HOST=0.0.0.0 \
    MCP_PORT=8080
WORKDIR /app
COPY --from=build /app/dist dist
COPY package.json ./
USER 65532:65532
EXPOSE 8080
# Asks /healthz on the port the server listens on, read from the server's own flags and environment.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/nodejs/bin/node", "dist/healthcheck.js"]
ENTRYPOINT ["/nodejs/bin/node", "dist/cli.js"]
