#!/usr/bin/env bash
# Runs every test. On a fresh machine that has only the .NET SDK it first installs what the tests need
# (Alertmanager and PostgreSQL, which the integration tests run as real servers on loopback ports, and Chromium, in
# which the dashboard tests run through Playwright).
# Ends with a line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

# Debian packages the tests need: Alertmanager (adapter tests) and PostgreSQL (the shared store and the clustered
# scheduler), run as real servers on loopback ports, and Chromium (dashboard tests). One apt-get update for all.
missing=()
if ! command -v prometheus-alertmanager >/dev/null 2>&1 && ! command -v alertmanager >/dev/null 2>&1; then missing+=(prometheus-alertmanager); fi
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then missing+=(postgresql); fi
# The dashboard tests drive Debian's chromium through Playwright's executable path (Playwright's own browser download is
# not used). Without it they fail, never skip.
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/lib/chromium/chromium ] && [ -z "${DEPLOYER_CHROMIUM:-}" ]; then missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (needed by the tests)..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || echo "warning: could not install ${missing[*]}; the tests that need them will fail" >&2
fi
# Debian starts the packaged services (Alertmanager on :9093, the PostgreSQL cluster "main" on :5432); the tests start
# their own on free ports and need neither, so stop them rather than leave them holding ports and memory.
if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus-alertmanager postgresql >/dev/null 2>&1 || true; fi
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters --no-header 2>/dev/null | while read -r version cluster _ status _; do
    if [ "$status" = "online" ]; then pg_ctlcluster "$version" "$cluster" stop >/dev/null 2>&1 || true; fi
  done
fi

log=$(mktemp)
dotnet test Deployer.Bot.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0; failed=0; skipped=0
while IFS= read -r line; do
  p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$line")
  s=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done < <(grep -E '^(Passed|Failed)! +- +Failed: ' "$log")
# A build error or a crashed test host runs no summary line: count it as a failure, never as a pass.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# Name the failed tests once more just above the summary, so a short tail of the log says which ones they were.
if [ "$failed" -ne 0 ]; then grep -E '^ +Failed [A-Za-z_]' "$log" | sed -E 's/^ +Failed /failed: /' | sort -u; fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
