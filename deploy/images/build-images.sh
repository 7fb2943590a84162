#!/usr/bin/env bash
# Builds one image tarball per service with Jib, offline (`make images`; docs/services/kubernetes.md).
#
#   deploy/images/build-images.sh [service ...]        (default: the whole fleet)
#
# BASE_IMAGE: Jib's base (default tar://<abs>/deploy/images/target/base-jre.tar, built once by
# build-base.sh; a registry image such as eclipse-temurin:25-jre works where a registry is reachable).
# IMAGE_PREFIX/IMAGE_TAG name the images (paystream/<service>:<tag>). Output:
# deploy/images/target/<service>.tar (`docker load` / `ctr import` / `skopeo copy docker-archive:`).
# Service poms are untouched: Jib is configured in the root pom's pluginManagement; everything that
# differs here (base, output, caches) comes from -D, so nothing is written to a service's target/.
set -euo pipefail
cd "$(dirname "$0")/../.."

SERVICES=${*:-gateway auth-server payment-api fds-service verification-api loyalty-service benefit-service notification-service}
OUT=$PWD/deploy/images/target
BASE_IMAGE=${BASE_IMAGE:-tar://$OUT/base-jre.tar}
IMAGE_PREFIX=${IMAGE_PREFIX:-paystream}
IMAGE_TAG=${IMAGE_TAG:-0.1.0-SNAPSHOT}
export JAVA_HOME=${JAVA_HOME:-$(bin/find-jdk)}

if [[ $BASE_IMAGE == tar://* && ! -f ${BASE_IMAGE#tar://} ]]; then
  deploy/images/build-base.sh "${BASE_IMAGE#tar://}"
fi
mkdir -p "$OUT"
start=$(date +%s)
for service in $SERVICES; do
  t0=$(date +%s)
  ./mvnw -B -ntp -q -pl "$service" jib:buildTar \
    -Djib.from.image="$BASE_IMAGE" \
    -Djib.to.image="$IMAGE_PREFIX/$service:$IMAGE_TAG" \
    -Djib.outputPaths.tar="$OUT/$service.tar" \
    -Djib.outputPaths.digest="$OUT/$service.digest" \
    -Djib.outputPaths.imageId="$OUT/$service.id" \
    -Djib.outputPaths.imageJson="$OUT/$service.json" \
    -Djib.applicationCache="$OUT/jib-cache/$service" \
    -Djib.baseImageCache="$OUT/jib-cache/base"
  echo "$IMAGE_PREFIX/$service:$IMAGE_TAG -> $OUT/$service.tar ($(du -h "$OUT/$service.tar" | cut -f1), $(($(date +%s) - t0)) s)"
done
echo "images built in $(($(date +%s) - start)) s"
