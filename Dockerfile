# The one image of kafka-hooks: the hooks server (`node dist/hooks/main.js`)
# and the sidecar beside it (`node dist/sidecar/main.js`); the Entity Operator
# (`node dist/entity-operator/main.js topic-operator|user-operator`).
#   docker build -t kafka-hooks:0.1.0 .
# Node.js 26 has been the Active LTS line since October 2026; the `node`
# devDependency, @types/node and `engines` in package.json follow it.
ARG NODE_IMAGE=node:26-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: the one there is (the `node` devDependency) fetches the
# Node.js binary `make` uses on machines with another; the image has its own.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY hooks ./hooks
COPY lib ./lib
COPY cli ./cli
COPY sidecar ./sidecar
COPY entity-operator ./entity-operator
RUN npx tsc -p tsconfig.build.json

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist/hooks ./dist/hooks
COPY --from=build /src/dist/lib ./dist/lib
COPY --from=build /src/dist/cli ./dist/cli
COPY --from=build /src/dist/sidecar ./dist/sidecar
COPY --from=build /src/dist/entity-operator ./dist/entity-operator
# The official image's `node` user, by number so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080
CMD ["node", "--max-old-space-size=384", "--max-semi-space-size=8", "dist/hooks/main.js"]
