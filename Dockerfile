# Production image of Rollcall (used by docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/atlassian-connect.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/views ./views
USER node
EXPOSE 3000
# A young generation of 4 MB semi-spaces: a sync allocates fast and keeps little, and V8's default
# (16 MB) leaves tens of MB of garbage resident (docs/PERFORMANCE.md, "Peak RSS").
CMD ["node", "--max-semi-space-size=4", "dist/src/main.js"]
