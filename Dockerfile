# syntax=docker/dockerfile:1
# chatwoot-mcp as a network service: Streamable HTTP at /mcp and HTTP+SSE at /sse on port 8080.
# Run: docker run -p 8080:8080 -e MCP_AUTH_TOKEN=… -e CHATWOOT_BASE_URL=… -e CHATWOOT_API_TOKEN=… chatwoot-mcp

# Build: install the toolchain and bundle the server into dist/. The bundle carries its runtime dependencies.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY src src
RUN node scripts/build.mjs

# Run: only the bundle, the API description and package.json (for the version): no node_modules, no toolchain.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    MCP_TRANSPORT=http \
    MCP_HOST=0.0.0.0 \
    MCP_PORT=8080
WORKDIR /app
COPY --from=build /app/dist dist
COPY package.json openapi.json ./
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.MCP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/cli.js"]
