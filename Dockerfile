# syntax=docker/dockerfile:1
# Multi-stage build: compile a release binary with the Swift standard library linked statically,
# then copy only that binary into a small runtime image that runs as a non-root user.

FROM swift:6.1-noble AS build
WORKDIR /src
# Resolve dependencies first so source edits do not invalidate the package cache layer.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
RUN swift build -c release --static-swift-stdlib --product drawbridge \
 && cp "$(swift build -c release --show-bin-path)/drawbridge" /drawbridge

FROM ubuntu:24.04 AS runtime
# Foundation still needs these shared libraries at run time even with a static stdlib.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libcurl4 libxml2 tzdata \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /drawbridge /usr/local/bin/drawbridge
# 65532 is the conventional "nonroot" uid of distroless images; no shell login, no home writes needed.
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/drawbridge"]
CMD ["--help"]
