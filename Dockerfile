# syntax=docker/dockerfile:1
# The Node.js major here is the one .nvmrc names; package.json's engines accept it (a test checks both).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --engine-strict: the build stops if a dependency does not support this Node.js.
RUN npm ci --no-audit --no-fund --engine-strict
COPY tsconfig.json nest-cli.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
LABEL org.opencontainers.image.title="TrustPath" \
      org.opencontainers.image.description="Case-management API for practitioners who help people rebuild trust" \
      org.opencontainers.image.licenses="AGPL-3.0-only"
ENV NODE_ENV=production PORT=3000
WORKDIR /app
# Owned by root and read-only to the app: the process can't change its own code or dependencies.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
# An empty PORT (as a copied .env may have) means the default, as it does for the app.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `node dist/database/cli.js run` applies migrations (docker-compose.yml's migrate service).
# The node flags are npm start's (a test checks both): see "Runtime settings" in the README.
CMD ["node", "--heap-growing-percent=40", "dist/main.js"]
