#!/usr/bin/env bash
# Checks the deployment files as far as a machine without a container engine allows (CI runs it):
#  - alert rules: promtool check rules, and their unit tests (promtool test rules alerts.test.yaml);
#  - prometheus.yml: promtool check config (the rules path pointed at the repository's file);
#  - the Grafana dashboard: valid JSON, and every panel's PromQL parses (promtool, Grafana's variables
#    replaced by values); that its metrics exist is DeployFilesEndToEndIT's job, against a live /metrics;
#  - compose.yaml: docker-compose config (Debian's docker-compose validates it against the compose schema).
# Needs: promtool (package prometheus), docker-compose, jq.
set -euo pipefail
cd "$(dirname "$0")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
step() { printf '[deploy] %s\n' "$*"; }

step "alert rules"
promtool check rules prometheus/alerts.yaml
(cd prometheus && promtool test rules alerts.test.yaml)

step "prometheus.yml"
sed "s|/etc/prometheus/alerts.yaml|$PWD/prometheus/alerts.yaml|" prometheus/prometheus.yml > "$work/prometheus.yml"
promtool check config "$work/prometheus.yml"

step "Grafana dashboard"
dashboard=grafana/dashboards/taleweaver.json
{
  echo 'groups: [{name: dashboard, rules: ['
  jq -r '[.panels[] | select(.targets) | .targets[]] | to_entries[]
         | {record: "dashboard_query_\(.key)", expr: .value.expr} | @json + ","' "$dashboard" \
    | sed 's/\$__rate_interval/5m/g; s/\$instance/.*/g'
  echo ']}]'
} > "$work/dashboard-rules.yaml"
promtool check rules --lint-fatal "$work/dashboard-rules.yaml" >/dev/null
echo "  $(jq '[.panels[] | select(.targets) | .targets[]] | length' "$dashboard") panel queries parse"
for f in grafana/provisioning/*/*.yaml; do
  /usr/bin/python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$f"
done

step "compose.yaml"
docker-compose -f compose.yaml config -q
echo "  compose.yaml is valid ($(docker-compose -f compose.yaml config --services | tr '\n' ' '))"
