# syntax=docker/dockerfile:1
# Multi-stage build: compile a release binary with the Swift standard library linked statically,
# then copy only that binary into a small runtime image that runs as a non-root user.
# Build: docker build -t REGISTRY/drawbridge:TAG .   (config/manager runs it with `controller ...` args)

# The toolchain the project is built and tested with (Swift 6.3).
FROM swift:6.3-noble AS build
WORKDIR /src
# Resolve dependencies first so source edits do not invalidate the package cache layer.
COPY Package.swift ./
RUN swift package resolve
# Every target Package.swift declares must exist for SwiftPM to load the package, so the test and
# benchmark sources come along even though only the drawbridge product is built.
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
# DWARF debug info is most of the binary; the symbol table stays, so a crash still prints a
# backtrace with function names (scripts/release-build shows both sizes).
RUN swift build -c release --static-swift-stdlib --product drawbridge \
 && cp "$(swift build -c release --show-bin-path)/drawbridge" /drawbridge \
 && strip --strip-debug /drawbridge

FROM ubuntu:24.04 AS runtime
# No HEALTHCHECK: Kubernetes ignores it and probes /healthz and /readyz itself (config/manager), and the
# image has no HTTP client to run one with. For the manifest scanner (checkov, run by scripts/test):
# checkov:skip=CKV_DOCKER_2:Kubernetes ignores HEALTHCHECK; the Deployment's liveness and readiness probes check the controller
# Foundation still needs these shared libraries at run time even with a static stdlib.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libcurl4 libxml2 tzdata \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /drawbridge /usr/local/bin/drawbridge
# 65532 is the conventional "nonroot" uid of distroless images; numeric, so the kubelet can check
# runAsNonRoot without an /etc/passwd entry.
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/drawbridge"]
CMD ["--help"]
