#!/usr/bin/env bash
# Smoke test of the agent on macOS, against a console on this machine (.github/workflows/macos.yml).
#
# Run from anywhere after `mvn -B -pl console,agent -am -DskipTests package`. It starts a console on
# loopback (SQLite, self-signed TLS), signs in with the first-run password from
# <data>/first-run-password.txt, sets a new one, makes an enrollment token, enrolls an agent into a
# temporary state folder and starts it (`mamori agent run` with the agent's jvm.options, as the
# LaunchDaemon does). A hosted runner has no USB stick: a 64 MB exFAT disk image (hdiutil) is
# attached at /Volumes/SMOKE and presented to the agent as a stick (agent.yml: the portable watcher,
# `simulated-usb` with `mounts-under` the volume). A file written there must come back from the
# console's event API as a FILE_WRITTEN event of device SMOKE-1. Then the agent is stopped (SIGTERM)
# and AGENT_STOPPED must arrive. The disk image is detached on every exit.
#
#   --work DIR      where everything goes (default: $RUNNER_TEMP/mamori-smoke or a new temporary folder)
#   --launchd       run the agent as a LaunchDaemon instead: jp.mamori.agent.plist with the build's paths,
#                   `sudo launchctl bootstrap system …` (needs passwordless sudo, as hosted runners have)
#   --timeout SECS  how long to wait for each step (default 180)
#
# Written for bash 3.2 and the BSD tools of macOS (LauncherBash32Test checks it). Written on Linux:
# it has not been run on a Mac by its author.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${RUNNER_TEMP:-}"
[[ -n "$WORK" ]] && WORK="$WORK/mamori-smoke"
LAUNCHD=0
TIMEOUT=180
while [[ $# -gt 0 ]]; do
  case "$1" in
    --work) WORK="$2"; shift 2 ;;
    --launchd) LAUNCHD=1; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    *) echo "smoke-test: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n "$WORK" ]] || WORK="$(mktemp -d "${TMPDIR:-/tmp}/mamori-smoke.XXXXXX")"

if [[ "$(uname -s)" != Darwin ]]; then
  echo "smoke-test: this is the macOS smoke test (hdiutil, /Volumes); this system is $(uname -s)" >&2
  exit 2
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CONSOLE_JAR="$ROOT/console/target/mamori-console.jar"
AGENT_JAR="$ROOT/agent/target/mamori-agent.jar"
for file in "$CONSOLE_JAR" "$AGENT_JAR"; do
  [[ -f "$file" ]] || { echo "smoke-test: missing $file: build first (mvn -B -pl console,agent -am -DskipTests package)" >&2; exit 2; }
done
AGENT_CLASS_PATH="$AGENT_JAR:$ROOT/agent/target/agent-lib/*"
WORKER_CLASS_PATH="$AGENT_JAR:$ROOT/agent/target/lib/*"
LABEL=jp.mamori.agent

rm -rf "$WORK"
mkdir -p "$WORK/console" "$WORK/agent"
CONSOLE_PID=""
AGENT_PID=""
DEVICE=""
BOOTSTRAPPED=0

clean_up() {
  local status=$?
  if [[ $BOOTSTRAPPED == 1 ]]; then sudo launchctl bootout "system/$LABEL" 2>/dev/null || true; fi
  if [[ -n "$AGENT_PID" ]]; then kill "$AGENT_PID" 2>/dev/null || true; fi
  if [[ -n "$CONSOLE_PID" ]]; then kill "$CONSOLE_PID" 2>/dev/null || true; fi
  if [[ -n "$DEVICE" ]]; then hdiutil detach "$DEVICE" -force >/dev/null 2>&1 || true; fi
  if [[ $status -ne 0 ]]; then echo "smoke test FAILED (exit $status); logs in $WORK" >&2; fi
}
trap clean_up EXIT

# wait_until WHAT COMMAND...: runs COMMAND every 2 s until it succeeds, for at most $TIMEOUT s.
wait_until() {
  local what="$1"; shift
  local waited=0
  while ! "$@"; do
    if [[ $waited -ge $TIMEOUT ]]; then echo "timed out after $TIMEOUT s waiting until $what" >&2; return 1; fi
    sleep 2
    waited=$((waited + 2))
  done
  echo "ok: $what"
}

# json EXPRESSION: evaluates a Python expression on the JSON document read from standard input (as `d`);
# prints nothing for None, JSON for an object or a list, the text of anything else.
json() {
  python3 -c '
import json, sys
d = json.load(sys.stdin)
r = eval(sys.argv[1])
print("" if r is None else json.dumps(r) if isinstance(r, (dict, list)) else r)' "$1"
}

# --- the console, as ./mamori demo starts it
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export MAMORI_LANG=en   # the lines read below are the English ones
"$JAVA" -cp "$CONSOLE_JAR:$ROOT/console/target/lib/*" io.mamori.console.ConsoleApplication \
    --data-dir "$WORK/console" --port "$PORT" >"$WORK/console.out" 2>"$WORK/console.err" &
CONSOLE_PID=$!
console_url() { sed -n 's/^Mamori console is running at \([^ ]*\).*$/\1/p' "$WORK/console.out" | head -n 1; }
console_started() { [[ -n "$(console_url)" ]]; }
wait_until "the console is running" console_started
URL="$(console_url)"
BASE="${URL%/}"
FINGERPRINT="$(sed -n 's/^.*TLS certificate SHA-256.*: \([0-9a-fA-F:]*\)[[:space:]]*$/\1/p' "$WORK/console.out" | head -n 1)"
ONE_TIME="$(tr -d '[:space:]' < "$WORK/console/first-run-password.txt")"

# --- the administrator: first sign-in, new password, an enrollment token (session cookie + CSRF header)
COOKIES="$WORK/cookies.txt"
CSRF_FILE="$WORK/csrf.txt"   # a file, not a variable: admin runs in $(…) subshells
: > "$CSRF_FILE"
: > "$COOKIES"
# object KEY VALUE...: a JSON object of those strings, quoted by Python (a password may hold any character).
object() {
  python3 -c 'import json, sys; a = sys.argv[1:]; print(json.dumps(dict(zip(a[::2], a[1::2]))))' "$@"
}
# admin METHOD PATH [JSON]: the answer's body; remembers a csrfToken it carries.
admin() {
  local method="$1" path="$2" body="${3:-}" answer token csrf
  local arguments=(-sS -k --fail -X "$method" -b "$COOKIES" -c "$COOKIES" -H 'Accept: application/json')
  csrf="$(cat "$CSRF_FILE")"
  if [[ -n "$csrf" ]]; then arguments+=(-H "X-CSRF-Token: $csrf"); fi
  if [[ -n "$body" ]]; then arguments+=(-H 'Content-Type: application/json' --data "$body"); fi
  answer="$(curl "${arguments[@]}" "$BASE$path")"
  token="$(printf '%s' "$answer" | json 'd.get("csrfToken") if isinstance(d, dict) else None' 2>/dev/null || true)"
  if [[ -n "$token" ]]; then printf '%s' "$token" > "$CSRF_FILE"; fi
  printf '%s' "$answer"
}
NEW_PASSWORD="Smoke-$(python3 -c 'import uuid; print(uuid.uuid4().hex)')"
STAGE="$(admin POST /api/admin/session "$(object username admin password "$ONE_TIME")" | json 'd.get("stage")')"
[[ "$STAGE" == PASSWORD_CHANGE ]] || { echo "the console did not ask for a new password (stage $STAGE)" >&2; exit 1; }
admin POST /api/admin/me/password "$(object currentPassword "$ONE_TIME" newPassword "$NEW_PASSWORD")" >/dev/null
TOKEN="$(admin POST /api/admin/enrollment-tokens \
    '{"description":"macos smoke test","groupId":"default","maxUses":1,"validForHours":1}' | json 'd["token"]')"

# --- enroll into the temporary state folder
printf '%s' "$TOKEN" > "$WORK/token.txt"
"$JAVA" -cp "$AGENT_CLASS_PATH" io.mamori.agent.cli.AgentCommand enroll --state-dir "$WORK/agent" --console "$URL" \
    --token-file "$WORK/token.txt" --fingerprint "$FINGERPRINT" --hostname macos-smoke
rm -f "$WORK/token.txt"
AGENT_ID="$(json 'd["agentId"]' < "$WORK/agent/identity.json")"

# --- a stick: an exFAT disk image attached under /Volumes, presented to the portable watcher as a USB stick
hdiutil create -size 64m -fs ExFAT -volname SMOKE "$WORK/stick.dmg" >/dev/null
ATTACHED="$(hdiutil attach "$WORK/stick.dmg")"
echo "$ATTACHED"
DEVICE="$(printf '%s\n' "$ATTACHED" | awk 'NR == 1 {print $1}')"
MOUNT="$(printf '%s\n' "$ATTACHED" | awk -F'\t' '/\/Volumes\// {print $NF}' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | head -n 1)"
[[ -d "$MOUNT" ]] || { echo "the disk image was not mounted under /Volumes" >&2; exit 1; }
cat > "$WORK/agent/agent.yml" <<YAML
media:
  watcher: portable
  simulated-usb:
    - {mounts-under: "$MOUNT", vendor-id: "0781", product-id: "5583", serial: SMOKE-1, vendor: SanDisk, product: Cruzer}
YAML

# --- the agent: as the LaunchDaemon would run it (its jvm.options as a Java argument file), or under launchd
if [[ $LAUNCHD == 1 ]]; then
  python3 - "$ROOT" "$WORK" "${JAVA_HOME:-}" <<'PYTHON'
import plistlib, sys
root, work, java_home = sys.argv[1:4]
home = "/Library/Application Support/Mamori"
paths = [(home + "/runtime/bin/java", (java_home + "/bin/java") if java_home else "/usr/bin/java"),
         (home + "/jvm.options", root + "/agent/jvm.options"),
         (home + "/mamori-agent.jar", root + "/agent/target/mamori-agent.jar"),
         (home + "/policy/default.json", root + "/console/src/main/resources/policies/default.json"),
         (home + "/agent-lib/", root + "/agent/target/agent-lib/"),
         (home + "/lib/", root + "/agent/target/lib/"),
         (home + "/agent", work + "/agent"),
         (home, work),
         ("/Library/Logs/Mamori/", work + "/launchd-")]
def moved(value):
    if isinstance(value, str):
        for old, new in paths:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [moved(item) for item in value]
    if isinstance(value, dict):
        return {key: moved(item) for key, item in value.items()}
    return value
with open(root + "/agent/src/main/resources/io/mamori/agent/macos/jp.mamori.agent.plist", "rb") as template:
    plist = moved(plistlib.load(template))
with open(work + "/jp.mamori.agent.plist", "wb") as out:
    plistlib.dump(plist, out)
PYTHON
  plutil -lint "$WORK/jp.mamori.agent.plist"
  sudo chown root:wheel "$WORK/jp.mamori.agent.plist"
  sudo chmod 644 "$WORK/jp.mamori.agent.plist"
  sudo launchctl bootstrap system "$WORK/jp.mamori.agent.plist"
  BOOTSTRAPPED=1
  sudo launchctl print "system/$LABEL" | head -n 20 || true
else
  "$JAVA" @"$ROOT/agent/jvm.options" -Dmamori.worker.class-path="$WORKER_CLASS_PATH" -cp "$AGENT_CLASS_PATH" \
      io.mamori.agent.cli.AgentCommand run --state-dir "$WORK/agent" >"$WORK/agent.out" 2>"$WORK/agent.err" &
  AGENT_PID=$!
fi

# event KIND FILTER: the first event of KIND of this agent for which the Python expression FILTER (on `e`) holds.
event() {
  admin GET "/api/admin/events?agentId=$AGENT_ID&kind=$1&limit=50" | json "next((e for e in d.get(\"items\", []) if e.get(\"kind\") == \"$1\" and ($2)), None)"
}
has_event() { [[ -n "$(event "$1" "$2")" ]]; }

wait_until "the console has the agent's AGENT_STARTED event" has_event AGENT_STARTED True
wait_until "the console has the stick's DEVICE_MOUNTED event" has_event DEVICE_MOUNTED 'e.get("deviceSerial") == "SMOKE-1"'
echo 'Mamori macOS smoke test' > "$MOUNT/smoke-note.txt"
WRITTEN='str(e.get("filePath", "")).endswith("smoke-note.txt") and e.get("deviceSerial") == "SMOKE-1"'
wait_until "the console has a FILE_WRITTEN event for the file on the stick" has_event FILE_WRITTEN "$WRITTEN"
echo "decided: $(event FILE_WRITTEN "$WRITTEN" | json 'd.get("action")')"

# --- stop: SIGTERM (what launchd sends at bootout) takes the agent's own stop path, which records AGENT_STOPPED
if [[ $LAUNCHD == 1 ]]; then
  sudo launchctl bootout "system/$LABEL"
  BOOTSTRAPPED=0
else
  kill -TERM "$AGENT_PID"
  wait "$AGENT_PID" || true
  AGENT_PID=""
fi
wait_until "the console has the agent's AGENT_STOPPED event (sent on the stop path)" has_event AGENT_STOPPED True
echo "smoke test passed"
