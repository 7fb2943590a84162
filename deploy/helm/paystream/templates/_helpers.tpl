{{/* Release-wide name prefix: the release name, or <release>-paystream when the release name does not contain "paystream". */}}
{{- define "paystream.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Object name of one service: <fullname>-<service>. Args: dict root, name. */}}
{{- define "paystream.serviceName" -}}
{{- printf "%s-%s" (include "paystream.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A service's effective values: serviceDefaults deep-merged under services.<name>, as YAML. Args: dict root, name. */}}
{{- define "paystream.serviceValues" -}}
{{- $raw := index .root.Values.services .name -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $raw)) -}}
{{- end -}}

{{- define "paystream.baseLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: paystream
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Labels of release-wide objects. */}}
{{- define "paystream.commonLabels" -}}
{{ include "paystream.baseLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one service's objects. Args: dict root, name. */}}
{{- define "paystream.labels" -}}
{{ include "paystream.baseLabels" .root }}
{{ include "paystream.selectorLabels" . }}
{{- end -}}

{{- define "paystream.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Image reference of one service. Args: dict root, name, svc. */}}
{{- define "paystream.image" -}}
{{- $img := .root.Values.image -}}
{{- with .svc.image -}}
{{- if .repository -}}
{{- printf "%s:%s" .repository (default (default $.root.Chart.AppVersion $img.tag) .tag) -}}
{{- end -}}
{{- else -}}
{{- printf "%s/%s/%s:%s" $img.registry $img.repository .name (default .root.Chart.AppVersion $img.tag) -}}
{{- end -}}
{{- end -}}

{{- define "paystream.issuerUri" -}}
{{- default (printf "http://%s-auth-server:9000" (include "paystream.fullname" .)) .Values.auth.issuerUri -}}
{{- end -}}

{{- define "paystream.jwkSetUri" -}}
{{- default (printf "%s/oauth2/jwks" (include "paystream.issuerUri" .)) .Values.auth.jwkSetUri -}}
{{- end -}}

{{- define "paystream.kafkaSasl" -}}
{{- hasPrefix "SASL_" .Values.kafka.securityProtocol -}}
{{- end -}}

{{- define "paystream.kafkaTls" -}}
{{- or (eq .Values.kafka.securityProtocol "SSL") (eq .Values.kafka.securityProtocol "SASL_SSL") -}}
{{- end -}}

{{/* JAAS login module for the SASL mechanism. */}}
{{- define "paystream.kafkaLoginModule" -}}
{{- if eq .Values.kafka.sasl.mechanism "PLAIN" -}}
org.apache.kafka.common.security.plain.PlainLoginModule
{{- else -}}
org.apache.kafka.common.security.scram.ScramLoginModule
{{- end -}}
{{- end -}}

{{/* Kafka client environment (Spring relaxed binding) shared by the services and the topic Job. Args: root. */}}
{{- define "paystream.kafkaEnv" -}}
- name: SPRING_KAFKA_BOOTSTRAPSERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: SPRING_KAFKA_SECURITY_PROTOCOL
  value: {{ .Values.kafka.securityProtocol | quote }}
# Static group membership (docs/reliability.md): the pod name is unique per replica and survives a
# container restart, so a replica killed and restarted takes its partitions back at once.
- name: PAYSTREAM_KAFKA_CONSUMER_INSTANCEID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: PAYSTREAM_KAFKA_CONSUMER_SESSIONTIMEOUT
  value: {{ .Values.kafka.consumer.sessionTimeout | quote }}
- name: PAYSTREAM_KAFKA_CONSUMER_HEARTBEATINTERVAL
  value: {{ .Values.kafka.consumer.heartbeatInterval | quote }}
{{- if eq (include "paystream.kafkaSasl" .) "true" }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required with a SASL_* securityProtocol" .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.passwordKey }}
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: {{ .Values.kafka.sasl.mechanism | quote }}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"$(KAFKA_SASL_USERNAME)\" password=\"$(KAFKA_SASL_PASSWORD)\";" (include "paystream.kafkaLoginModule" .) | quote }}
{{- end }}
{{- if eq (include "paystream.kafkaTls" .) "true" }}
- name: SPRING_KAFKA_SSL_TRUSTSTORETYPE
  value: PEM
- name: SPRING_KAFKA_SSL_TRUSTSTORELOCATION
  value: file:/etc/paystream/kafka-tls/{{ .Values.kafka.tls.caKey }}
{{- end }}
{{- end -}}

{{/* A CPU quantity ("1", 2, "1.5", "500m") in millicores; 0 when empty. Arg: the quantity. */}}
{{- define "paystream.cpuMillis" -}}
{{- $q := toString . -}}
{{- if or (eq $q "") (eq $q "<nil>") -}}
0
{{- else if hasSuffix "m" $q -}}
{{- trimSuffix "m" $q | atoi -}}
{{- else -}}
{{- mulf (float64 $q) 1000 | int -}}
{{- end -}}
{{- end -}}

{{/*
A service's JAVA_TOOL_OPTIONS: javaToolOptions as is when set, else built from jvm (values.yaml,
docs/services/kubernetes.md "JVM sizing"): heap as a share of the memory limit, the collector
(gc auto: SerialGC for a CPU limit of at most 1 CPU, G1 above or without one), optional C1-only
and AOT cache, then extraOptions. Arg: the service's effective values.
*/}}
{{- define "paystream.javaToolOptions" -}}
{{- if .javaToolOptions -}}
{{- .javaToolOptions -}}
{{- else -}}
{{- $jvm := .jvm | default dict -}}
{{- $opts := list -}}
{{- if $jvm.maxRAMPercentage }}{{ $opts = append $opts (printf "-XX:MaxRAMPercentage=%v" $jvm.maxRAMPercentage) }}{{ end -}}
{{- if $jvm.initialRAMPercentage }}{{ $opts = append $opts (printf "-XX:InitialRAMPercentage=%v" $jvm.initialRAMPercentage) }}{{ end -}}
{{- $gc := $jvm.gc | default "auto" -}}
{{- if eq $gc "auto" -}}
{{- $limits := (.resources | default dict).limits | default dict -}}
{{- $millis := include "paystream.cpuMillis" $limits.cpu | int -}}
{{- $gc = ternary "serial" "g1" (and (gt $millis 0) (le $millis 1000)) -}}
{{- end -}}
{{- $opts = append $opts (get (dict "serial" "-XX:+UseSerialGC" "parallel" "-XX:+UseParallelGC" "g1" "-XX:+UseG1GC" "z" "-XX:+UseZGC") $gc) -}}
{{- if not (kindIs "invalid" $jvm.tieredStopAtLevel) }}{{ $opts = append $opts (printf "-XX:TieredStopAtLevel=%v" $jvm.tieredStopAtLevel) }}{{ end -}}
{{- if $jvm.aotCache }}{{ $opts = append $opts (printf "-XX:AOTCache=%s" $jvm.aotCache) }}{{ end -}}
{{- if $jvm.extraOptions }}{{ $opts = append $opts $jvm.extraOptions }}{{ end -}}
{{- join " " $opts -}}
{{- end -}}
{{- end -}}
