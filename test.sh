#!/usr/bin/env bash
# Runs every test. On a fresh machine that has only the .NET SDK it first installs what the tests need
# (Alertmanager, which the integration tests run as a real server on a loopback port, and Chromium, in which the
# dashboard tests run through Playwright).
# Ends with a line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v prometheus-alertmanager >/dev/null 2>&1 && ! command -v alertmanager >/dev/null 2>&1; then
  echo "Installing prometheus-alertmanager (needed by the Alertmanager adapter tests)..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq prometheus-alertmanager >/dev/null \
    || echo "warning: could not install prometheus-alertmanager; the Alertmanager tests will fail" >&2
fi
# The dashboard tests drive Debian's chromium through Playwright's executable path (Playwright's own browser
# download is not used). Without it they fail, never skip.
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/lib/chromium/chromium ] && [ -z "${DEPLOYER_CHROMIUM:-}" ]; then
  echo "Installing chromium (needed by the dashboard browser tests)..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  { $SUDO apt-get update -qq >/dev/null || true; } && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
    || echo "warning: could not install chromium; the dashboard tests will fail" >&2
fi
# Debian starts the packaged service on :9093; the tests start their own on free ports and don't need it.
if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus-alertmanager >/dev/null 2>&1 || true; fi

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
