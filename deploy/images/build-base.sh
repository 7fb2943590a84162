#!/usr/bin/env bash
# Builds paystream's local Jib base image as a `docker save`-format tarball, for machines that
# cannot pull a JRE image from a registry (docs/services/kubernetes.md, "Images").
#
#   deploy/images/build-base.sh [OUT_TAR]      (default deploy/images/target/base-jre.tar)
#
# Debian bookworm minbase (debootstrap) + a jlinked JRE from $JAVA_HOME in /opt/java + a non-root
# user 65532 ("nonroot"), written as one layer with manifest.json and an image config. Needs root
# (debootstrap), debootstrap, and a Debian mirror (DEBIAN_MIRROR). Skips the build when OUT_TAR
# exists, unless FORCE=1.
set -euo pipefail

OUT=${1:-deploy/images/target/base-jre.tar}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-bookworm}
JAVA_HOME=${JAVA_HOME:-$("$(dirname "$0")/../../bin/find-jdk")}
TAG=${BASE_TAG:-paystream/base-jre:25}
# What a Spring Boot/Netty/Kafka/PostgreSQL service needs from the JDK (jdeps over the fleet plus
# the reflective ones: JMX, JFR, DNS, management, zipfs, locales for the ko/en templates).
MODULES=${JLINK_MODULES:-java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,jdk.jfr,jdk.localedata,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs}

if [[ -f "$OUT" && -z "${FORCE:-}" ]]; then
  echo "base image exists: $OUT (FORCE=1 rebuilds)"
  exit 0
fi
[[ $(id -u) -eq 0 ]] || { echo "build-base.sh needs root (debootstrap)" >&2; exit 1; }
if ! command -v debootstrap >/dev/null; then
  echo "installing debootstrap (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null; } \
    || { echo "could not install debootstrap (apt-get install -y debootstrap)" >&2; exit 1; }
fi
[[ -x "$JAVA_HOME/bin/jlink" ]] || { echo "JAVA_HOME=$JAVA_HOME has no jlink (bin/find-jdk finds a JDK)" >&2; exit 1; }

start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

echo "debootstrap --variant=minbase $SUITE ($MIRROR)"
debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log" >&2; exit 1; }

echo "jlink $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --include-locales=en,ko \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output "$rootfs/opt/java"

# A non-root user for the images (the chart runs everything as 65532:65532).
echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
echo 'nonroot:x:65532:' >>"$rootfs/etc/group"
install -d -o 65532 -g 65532 "$rootfs/home/nonroot"
chmod 1777 "$rootfs/tmp"
# Nothing the runtime needs: package caches, docs, man pages, apt lists.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*
# Device nodes cannot live in an image layer (the runtime provides /dev).
rm -rf "${rootfs:?}"/dev/* "${rootfs:?}"/proc/* "${rootfs:?}"/sys/*

image=$work/image
mkdir -p "$image"
tar --numeric-owner --sort=name --mtime='2000-01-01 00:00Z' -C "$rootfs" -cf "$image/layer.tar" .
layer_sha=$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
mkdir -p "$image/$layer_sha"
mv "$image/layer.tar" "$image/$layer_sha/layer.tar"
cat >"$image/config.json" <<EOF
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
           "User":"65532:65532","WorkingDir":"/home/nonroot"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$layer_sha"]},
 "history":[{"created_by":"paystream deploy/images/build-base.sh: debootstrap $SUITE minbase + jlink"}]}
EOF
config_sha=$(sha256sum "$image/config.json" | cut -d' ' -f1)
mv "$image/config.json" "$image/$config_sha.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' \
  "$config_sha" "$TAG" "$layer_sha" >"$image/manifest.json"

mkdir -p "$(dirname "$OUT")"
tar -C "$image" -cf "$OUT.tmp" manifest.json "$config_sha.json" "$layer_sha"
mv "$OUT.tmp" "$OUT"
echo "base image $TAG -> $OUT ($(du -h "$OUT" | cut -f1), $(($(date +%s) - start)) s)"
