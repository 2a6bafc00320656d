# syntax=docker/dockerfile:1
#
# bssgraph as a static binary on distroless, running as a non-root user.
# With no BSSGRAPH_UPSTREAM_URL it serves the embedded BSS sandbox:
#
#   docker build --build-arg VERSION=$(git describe --always) -t bssgraph .
#   docker run --rm -p 8080:8080 bssgraph        # then open http://localhost:8080/
#
# In a container, set the listen address with BSSGRAPH_ADDR, not the -addr
# flag: the HEALTHCHECK's `bssgraph healthcheck` reads the same variable.

ARG GO_VERSION=1.26

# The build stage runs on the builder's own platform and cross-compiles,
# which a static CGO-free binary allows.
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Dependencies first: this layer is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download && go mod verify
COPY . .
ARG VERSION=dev
ARG TARGETOS=linux
ARG TARGETARCH=amd64
RUN CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/bssgraph .

# distroless/static has CA certificates and tzdata but no shell: hence the
# exec-form commands and the healthcheck subcommand instead of curl.
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
LABEL org.opencontainers.image.title="bssgraph" \
      org.opencontainers.image.description="GraphQL gateway over the Huawei Cloud BSS billing API, with an embedded BSS sandbox" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.documentation="README.md"
COPY --from=build /out/bssgraph /usr/local/bin/bssgraph
# 65532 is distroless's nonroot user; numeric, so that runtimes enforcing
# runAsNonRoot can verify it without reading /etc/passwd.
USER 65532:65532
ENV BSSGRAPH_ADDR=:8080 \
    BSSGRAPH_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/bssgraph", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/bssgraph"]
