# Build: the same command works without Docker:
#   CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o iccbot ./cmd/iccbot
# Base images are pinned by digest, so a rebuild uses the same bytes. The
# digests are those published for these tags (golang:1.26.8-bookworm;
# distroless static-debian12:nonroot as of 2026-08-26); this machine cannot
# reach the registries to re-read them. To move a pin deliberately:
#   crane digest golang:1.26.8-bookworm
#   crane digest gcr.io/distroless/static-debian12:nonroot
FROM golang:1.26.8-bookworm@sha256:a688600ca24f8a4d3ca77f95b0dd40704a9fc787c826660eb7ba0b641b8b175d AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd ./cmd
COPY internal ./internal
# TAGS=noredis leaves out Redis support (REDIS_URL), 8 MB of the binary,
# for a deployment of one replica.
ARG TAGS=""
RUN CGO_ENABLED=0 go build -trimpath -tags "$TAGS" -ldflags="-s -w" -o /out/iccbot ./cmd/iccbot

# Run: a static binary on a distroless base, as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab
WORKDIR /app
COPY --from=build /out/iccbot /app/iccbot
# The knowledge and prompts folders are copied in; mount your own over them
# to update the bot without rebuilding (it reloads them by itself when they
# change; mount the folders, not single files, so that editors' rename-saves
# are seen):
#   docker run -v "$PWD/knowledge:/app/knowledge:ro" -v "$PWD/prompts:/app/prompts:ro" iccbot
COPY knowledge /app/knowledge
COPY prompts /app/prompts
USER nonroot:nonroot
# HTTP must listen beyond the container's loopback for the port to be
# published; publish it only where you want the playground seen. Off
# loopback, serve needs HTTP_MODERATOR_TOKEN (for /metrics and /gaps):
#   docker run -e HTTP_MODERATOR_TOKEN="$(openssl rand -hex 32)" ... iccbot
ENV HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
# The image has no shell or curl: the binary checks its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s CMD ["/app/iccbot", "health"]
ENTRYPOINT ["/app/iccbot"]
CMD ["serve"]
