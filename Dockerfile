# syntax=docker/dockerfile:1
# vpcpath in a container: one static binary on a distroless base, with the bundled scenarios.
#
#   docker build -t vpcpath .
#   docker run --rm vpcpath run /scenarios
#   docker run --rm -v "$PWD:/work" -w /work vpcpath review plan.json --format markdown
#   # to write files into the mounted folder (--output), run as yourself:
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" -w /work vpcpath import terraform plan.json -o planned.yaml
#
# The release workflow (.github/workflows/release.yml) builds it for linux/amd64 and
# linux/arm64 and pushes it to ghcr.io/vpcpath/vpcpath.

ARG RUST_VERSION=1

FROM rust:${RUST_VERSION}-alpine AS build
# A C compiler for mimalloc; the musl target links statically by default. The packages are
# those of the rust image's Alpine release, so not pinned here.
# hadolint ignore=DL3018
RUN apk add --no-cache gcc musl-dev
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin vpcpath \
    && cp target/release/vpcpath /usr/local/bin/vpcpath \
    && strip /usr/local/bin/vpcpath

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="vpcpath" \
      org.opencontainers.image.description="Offline AWS network path simulator" \
      org.opencontainers.image.source="https://github.com/vpcpath/vpcpath" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
COPY --from=build /usr/local/bin/vpcpath /usr/local/bin/vpcpath
COPY scenarios/ /scenarios/
COPY README.md LICENSE-MIT LICENSE-APACHE CHANGELOG.md /usr/share/doc/vpcpath/
# The image has no shell and no dynamic loader: this runs only if the binary is static, and
# checks that it reads the bundled scenarios.
RUN ["/usr/local/bin/vpcpath", "test", "/scenarios"]
ENTRYPOINT ["/usr/local/bin/vpcpath"]
CMD ["--help"]
