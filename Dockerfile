# syntax=docker/dockerfile:1
# Hailong: build a release binary, then run it as a non-root user with the
# SQLite database on a volume.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY crates ./crates
COPY vendor ./vendor
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
    && chown hailong:hailong /data \
    && chmod 700 /data
COPY --from=build /src/target/release/hailong /usr/local/bin/hailong
COPY hailong.example.toml /etc/hailong/hailong.example.toml
USER 10001
WORKDIR /data
VOLUME ["/data"]
# Inside the container the server listens on all its interfaces, or the port
# mapping could not reach it; who reaches it is the mapping's choice. Publish
# it on the host's loopback only (`-p 127.0.0.1:8080:8080`) unless the ingest
# API must be reached from elsewhere. Outside a container the default is
# 127.0.0.1:8080.
ENV HAILONG_DATABASE_URL=sqlite:///data/hailong.db \
    HAILONG_HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["curl", "-fsS", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["hailong"]
CMD ["run"]
