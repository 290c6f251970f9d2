# Build: the same command works without Docker:
#   CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o iccbot ./cmd/iccbot
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd ./cmd
COPY internal ./internal
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/iccbot ./cmd/iccbot

# Run: a static binary on a distroless base, as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/iccbot /app/iccbot
# The knowledge and prompts folders are copied in; mount your own over them
# to update the bot without rebuilding:
#   docker run -v "$PWD/knowledge:/app/knowledge:ro" -v "$PWD/prompts:/app/prompts:ro" iccbot
COPY knowledge /app/knowledge
COPY prompts /app/prompts
USER nonroot:nonroot
ENTRYPOINT ["/app/iccbot"]
CMD ["serve"]
