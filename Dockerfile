# syntax=docker/dockerfile:1
# Hailong: build a release binary, then run it as a non-root user with the
# SQLite database on a volume.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY crates ./crates
COPY migrations ./migrations
COPY locales ./locales
COPY examples ./examples
COPY assets ./assets
COPY data ./data
RUN cargo build --release --locked --bin hailong

FROM debian:bookworm-slim
# Unpinned on purpose: the image should take Debian's security updates when rebuilt.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin hailong \
    && mkdir -p /data \
    && chown hailong /data
COPY --from=build /src/target/release/hailong /usr/local/bin/hailong
COPY hailong.example.toml /etc/hailong/hailong.example.toml
USER 10001
WORKDIR /data
VOLUME ["/data"]
ENV HAILONG_DATABASE_URL=sqlite:///data/hailong.db \
    HAILONG_HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["curl", "-fsS", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["hailong"]
CMD ["run"]
