# Kubernetes delivery: the Helm chart deploy/helm/paystream and the Jib images (docs/services/kubernetes.md).
# Chart checks run in-process through helm-java (no helm binary needed); `make test` runs them too
# (module deploy/helm-test). `make images` is CI-optional and NOT part of `make test`.

CHART := deploy/helm/paystream
HELM_TEST := ./mvnw -B -ntp -pl deploy/helm-test

.PHONY: images image-base helm-lint helm-template k8s-config-reload

## images: Jib image tarballs for the fleet, offline (local debootstrap+jlink base built once); deploy/images/target/*.tar
images: build-if-needed
	deploy/images/build-images.sh $(IMAGE_SERVICES)

## image-base: only the local base image (deploy/images/target/base-jre.tar); FORCE=1 rebuilds
image-base:
	deploy/images/build-base.sh

## helm-lint: helm lint --strict of the chart (helm-java, in-process; no helm binary needed)
helm-lint:
	$(HELM_TEST) -Dtest='PaystreamChartTest#lints*' -Dsurefire.failIfNoSpecifiedTests=false verify

## helm-template: render the full install (every option on) to deploy/helm-test/target/helm/full-install.yaml
helm-template:
	$(HELM_TEST) -Dtest='PaystreamChartTest#fullInstall*' -Dsurefire.failIfNoSpecifiedTests=false verify
	@wc -c deploy/helm-test/target/helm/full-install.yaml
	@cat deploy/helm-test/target/helm/full-install-objects.txt

## k8s-config-reload: Spring Cloud Kubernetes config loading + fds threshold reload against fabric8's mock API server (transcript lines: [k8s-config-reload])
k8s-config-reload:
	$(HELM_TEST) -Dtest=KubernetesConfigReloadTest -Dsurefire.failIfNoSpecifiedTests=false verify
