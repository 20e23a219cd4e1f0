#!/usr/bin/env bash
# Deploys one environment to the current kubectl context:
#   bash scripts/deploy-k8s.sh <staging|production> <image, e.g. myacr.azurecr.io/sacco-ussd:1234>
# The ConfigMap first, then the migration Job (waited for: a failed migration stops the deploy
# before any pod runs the new code), then everything else, and the rollout is waited for.
# The `sacco-ussd` Secret is created out of band (docker/k8s/secret.example.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."

environment=${1:?usage: deploy-k8s.sh <staging|production> <image>}
image=${2:?usage: deploy-k8s.sh <staging|production> <image>}
overlay="docker/overlays/$environment"
[ -f "$overlay/kustomization.yaml" ] || { echo "deploy-k8s: no overlay $overlay" >&2; exit 1; }
namespace=$(sed -n 's/^namespace: *//p' "$overlay/kustomization.yaml")

rendered=$(mktemp --suffix=.yaml)
trap 'rm -f "$rendered"' EXIT
(cd "$overlay" && kustomize edit set image "sacco-ussd=$image")
kubectl kustomize "$overlay" >"$rendered"

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"
kubectl apply -f "$rendered" --selector app.kubernetes.io/component=config
# A Job's template cannot change: the previous release's Job goes, this release's runs.
kubectl -n "$namespace" delete job sacco-ussd-migrate --ignore-not-found --wait=true
kubectl apply -f "$rendered" --selector app.kubernetes.io/component=migrate
kubectl -n "$namespace" wait --for=condition=complete job/sacco-ussd-migrate --timeout=600s
kubectl apply -f "$rendered"
kubectl -n "$namespace" rollout status deployment/sacco-ussd --timeout=600s
