{{/* Names, labels and the settings every service shares. */}}

{{- define "tributary.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tributary.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object; "component" is passed as (dict "root" . "component" "broker"). */}}
{{- define "tributary.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "tributary.selectorLabels" . }}
{{- end -}}

{{- define "tributary.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tributary.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "tributary.image" -}}
{{- printf "%s%s:%s" .root.Values.image.registry .image.repository (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{- define "tributary.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The ZooKeeper ensemble with Tributary's chroot: the chart's own, or zookeeper.external.connect. */}}
{{- define "tributary.zookeeperConnect" -}}
{{- $hosts := .Values.zookeeper.external.connect -}}
{{- if not $hosts -}}
{{- $fullname := include "tributary.fullname" . -}}
{{- $list := list -}}
{{- range $i := until (int .Values.zookeeper.replicas) -}}
{{- $list = append $list (printf "%s-zookeeper-%d.%s-zookeeper-headless.%s.svc.%s:2181" $fullname $i $fullname $.Release.Namespace $.Values.clusterDomain) -}}
{{- end -}}
{{- $hosts = join "," $list -}}
{{- end -}}
{{- printf "%s%s" $hosts .Values.zookeeper.chroot -}}
{{- end -}}

{{/* The in-cluster bootstrap address: the broker Service on the INTERNAL listener. */}}
{{- define "tributary.bootstrap" -}}
{{- printf "%s-broker.%s.svc.%s:%d" (include "tributary.fullname" .) .Release.Namespace .Values.clusterDomain (int .Values.broker.port) -}}
{{- end -}}

{{/*
Settings in Kafka's property names as server.properties lines, sorted by name. Numbers keep their digits (YAML
numbers reach templates as floats), backslashes are escaped as java.util.Properties reads them. Keys the chart sets
itself are refused with the option to use instead. Takes (dict "settings" map "where" "config").
*/}}
{{- define "tributary.propertiesLines" -}}
{{- $managed := dict "listeners" "broker.port, coordinator.port, external.*" "advertised.listeners" "the pod's DNS name and external.*" "listener.security.protocol.map" "the chart's listeners" "inter.broker.listener.name" "the chart's listeners" "broker.id" "the pod's ordinal" "coordinator.id" "the pod's ordinal" "zookeeper.connect" "zookeeper.*" "log.dirs" "broker.persistence" "log.dir" "broker.persistence" "server.port" "broker.httpPort / coordinator.httpPort" -}}
{{- range $key := keys .settings | sortAlpha }}
{{- if hasKey $managed $key }}
{{- fail (printf "%s: %s is set by the chart (from %s); remove it" $.where $key (get $managed $key)) }}
{{- end }}
{{- $value := get $.settings $key }}
{{- if and (kindIs "float64" $value) (eq $value (floor $value)) }}
{{- $value = printf "%d" (int64 $value) }}
{{- end }}
{{ $key }}={{ toString $value | replace "\\" "\\\\" }}
{{- end }}
{{- end -}}

{{/* Pod anti-affinity by preset (soft, hard, none) over the pods of one component. */}}
{{- define "tributary.affinity" -}}
{{- if eq .preset "hard" }}
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "tributary.selectorLabels" . | nindent 12 }}
{{- else if eq .preset "soft" }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "tributary.selectorLabels" . | nindent 14 }}
{{- end }}
{{- end -}}

{{/* Topology spread constraints, with this component's pods as the selector where none is given. */}}
{{- define "tributary.topologySpread" -}}
{{- if .constraints }}
topologySpreadConstraints:
{{- range .constraints }}
{{- $constraint := deepCopy . }}
{{- if not (hasKey $constraint "labelSelector") }}
{{- $_ := set $constraint "labelSelector" (dict "matchLabels" (include "tributary.selectorLabels" $ | fromYaml)) }}
{{- end }}
  - {{ toYaml $constraint | indent 4 | trim }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Scheduling of one component: node selector, tolerations. */}}
{{- define "tributary.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The container security context of every Tributary container. */}}
{{- define "tributary.containerSecurityContext" -}}
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/*
Probes of a Tributary service on its "http" port. Readiness is the whole Actuator health: a broker is ready only once
it has caught up with its leaders (its "replication" component), so a rolling update waits for that before it
stops the next broker. Liveness is the process answering at all, after a start that may recover long logs.
*/}}
{{- define "tributary.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 10
  failureThreshold: 90
readinessProbe:
  httpGet:
    path: {{ .readiness }}
    port: http
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 3
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 20
  timeoutSeconds: 10
  failureThreshold: 6
{{- end -}}

{{/* Environment of prepare-config.sh, the init container that writes a broker's or coordinator's own settings. */}}
{{- define "tributary.prepareConfigEnv" -}}
{{- $root := .root -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: HOST_IP
  valueFrom:
    fieldRef:
      fieldPath: status.hostIP
- name: CONFIG_IN
  value: /etc/tributary/config/{{ .file }}
- name: CONFIG_OUT
  value: /etc/tributary/pod/{{ .file }}
- name: ID_KEY
  value: {{ .idKey }}
- name: ID_BASE
  value: {{ .idBase | quote }}
- name: HEADLESS_SERVICE
  value: {{ include "tributary.fullname" $root }}-{{ .component }}-headless
- name: CLUSTER_DOMAIN
  value: {{ $root.Values.clusterDomain }}
- name: INTERNAL_PORT
  value: {{ .port | quote }}
{{- if $root.Values.external.enabled }}
- name: EXTERNAL_TYPE
  value: {{ $root.Values.external.type }}
{{- if eq $root.Values.external.type "NodePort" }}
- name: EXTERNAL_HOST
  value: {{ $root.Values.external.nodePort.host | quote }}
- name: EXTERNAL_NODE_PORT_BASE
  value: {{ .nodePortBase | quote }}
{{- else }}
- name: EXTERNAL_HOSTS
  value: {{ join " " .hosts | quote }}
- name: EXTERNAL_PORT
  value: {{ $root.Values.external.loadBalancer.port | quote }}
{{- end }}
{{- end }}
{{- end -}}
