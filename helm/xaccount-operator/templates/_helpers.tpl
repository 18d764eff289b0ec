{{/* Chart name, overridable. */}}
{{- define "xaccount-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name when it already contains the chart name. */}}
{{- define "xaccount-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels selecting the operator's pods. */}}
{{- define "xaccount-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "xaccount-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every object of the chart. */}}
{{- define "xaccount-operator.labels" -}}
{{ include "xaccount-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: xaccount-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "xaccount-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "xaccount-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image the user built and pushed: nothing publishes one, so there is no default to pull. */}}
{{- define "xaccount-operator.image" -}}
{{- $repository := required "image.repository is required: build and push the operator's image, then install with --set image.repository=<registry>/<org>/xaccount-operator (see \"Building the image\" in the project's README.md#building-the-image)" .Values.image.repository }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The subject of the operator's service account token: what an IRSA trust policy's ":sub" condition must equal. */}}
{{- define "xaccount-operator.irsaSubject" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "xaccount-operator.serviceAccountName" .) }}
{{- end }}

{{/* Fails the render when several replicas would reconcile without a leader. */}}
{{- define "xaccount-operator.validate" -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicas > 1 requires leaderElection.enabled=true" }}
{{- end }}
{{- end }}
