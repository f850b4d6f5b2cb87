# The agent package's maintainer logic, shared by the .deb's postinst/prerm/postrm and the .rpm's
# scriptlets (build-deb.sh and build-rpm.sh copy it into each, where "# @FUNCTIONS@" stands).
# Each format's script only maps its own arguments (dpkg's verbs, rpm's count of installed
# instances) to these functions. POSIX sh; nothing here prompts.

STATE=/var/lib/mamori/agent
PACKAGE_STATE=/var/lib/mamori/package
CONF=/etc/mamori/agent-install.conf
# the uninstall token's hash: given at install, replaced by the console's (mamori-agent uninstall-hash)
HASH_FILE=$STATE/uninstall-token.sha256
OLD_HASH_FILE=$PACKAGE_STATE/uninstall-token.sha256
TOKEN_FILE=/etc/mamori/uninstall-token
LOG_DIR=/var/log/mamori
LOG="$LOG_DIR/agent-install.log"
CLI=/opt/mamori/agent/bin/mamori-agent

say() {
  line="mamori-agent: $*"
  echo "$line"
  if [ -d "$LOG_DIR" ]; then echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $line" >>"$LOG" || true; fi
}

# conf KEY: the value of "KEY = value" in the install config. The file is read as data, never run.
conf() {
  [ -f "$CONF" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      ''|'#'*) continue ;;
    esac
    key="$(printf '%s' "${line%%=*}" | tr -d ' \t')"
    if [ "$key" = "$1" ] && [ "$line" != "${line#*=}" ]; then
      printf '%s' "${line#*=}" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//'
      return 0
    fi
  done <"$CONF"
}

systemd_runs() {
  [ -d /run/systemd/system ]
}

# agent_configure: after the files are in place (install, upgrade, reconfigure): keeps the
# uninstall token's hash and enrolls from the install config or the environment. A failed
# enrollment never fails the install: the package stays, the reason goes to the install log, and
# the agent runs on the shipped policy (policy/default.json) and tries the enrollment again itself
# (mamori-agent enroll --pending-on-failure, docs/agent.md).
agent_configure() {
  umask 077
  mkdir -p "$LOG_DIR" "$PACKAGE_STATE"
  chmod 0750 "$LOG_DIR"
  # /var/lib/mamori holds only owner-only folders (agent/, package/, and console/ of the console
  # package, owned by its own user, which must be able to reach it)
  chmod 0755 /var/lib/mamori
  chmod 0700 "$PACKAGE_STATE"
  if [ -f "$CONF" ]; then
    owner="$(ls -ln "$CONF" | awk '{print $3}')"
    mode="$(ls -l "$CONF" | cut -c5-10)"
    if [ "$owner" != 0 ] || [ "$mode" != "------" ]; then
      say "warning: $CONF should be owned by root with mode 0600 (it holds the enrollment token)"
    fi
  fi
  console="${MAMORI_CONSOLE_URL:-$(conf console-url)}"
  token="${MAMORI_ENROLL_TOKEN:-$(conf enroll-token)}"
  fingerprint="${MAMORI_CONSOLE_FINGERPRINT:-$(conf console-fingerprint)}"
  uninstall_hash="${MAMORI_UNINSTALL_TOKEN_SHA256:-$(conf uninstall-token-sha256)}"

  mkdir -p "$STATE"
  chmod 0700 "$STATE"
  # a hash kept by an earlier package in /var/lib/mamori/package moves into the agent's state
  if [ -s "$OLD_HASH_FILE" ] && [ ! -f "$HASH_FILE" ]; then
    old_hash="$(head -n 1 "$OLD_HASH_FILE" | tr -d ' \t\r')"
    if MAMORI_LANG=en "$CLI" uninstall-hash --state-dir "$STATE" --sha256 "$old_hash" >/dev/null 2>&1; then
      rm -f "$OLD_HASH_FILE"
      say "the uninstall token's hash moved to $HASH_FILE"
    else
      say "warning: $OLD_HASH_FILE does not hold a SHA-256; left where it is"
    fi
  fi

  if [ -n "$uninstall_hash" ]; then
    status=0
    output="$(MAMORI_LANG=en "$CLI" uninstall-hash --state-dir "$STATE" --sha256 "$uninstall_hash" 2>&1)" || status=$?
    if [ "$status" -eq 0 ]; then
      say "removal now needs the uninstall token (until the console sends its own)"
    else
      say "warning: uninstall-token-sha256 is not 64 hexadecimal digits; ignored ($(printf '%s' "$output" | tr '\n' ' '))"
    fi
  fi

  if [ -f "$STATE/identity.json" ]; then
    say "already enrolled: enrollment, operation log and quarantine in $STATE kept"
    rm -f "$CONF"
  elif [ -f "$STATE/pending-enrollment.json" ] && [ -z "$console" ]; then
    say "enrollment pending (kept from before): the agent runs on the shipped policy and keeps trying; mamori-agent status says why it has not succeeded"
  elif [ -z "$console" ] || [ -z "$token" ]; then
    say "not enrolled: no console-url/enroll-token in $CONF or MAMORI_CONSOLE_URL/MAMORI_ENROLL_TOKEN; enroll with: mamori-agent enroll --console URL --token-file FILE --fingerprint SHA256"
  else
    token_file="$(mktemp "$PACKAGE_STATE/enroll-token.XXXXXX")"
    printf '%s\n' "$token" >"$token_file"
    set -- enroll --state-dir "$STATE" --console "$console" --token-file "$token_file" --pending-on-failure
    [ -z "$fingerprint" ] || set -- "$@" --fingerprint "$fingerprint"
    status=0
    output="$(MAMORI_LANG=en "$CLI" "$@" 2>&1)" || status=$?
    rm -f "$token_file"
    if [ "$status" -eq 0 ]; then
      say "enrolled with $console: $(printf '%s' "$output" | tail -n 1)"
      rm -f "$CONF"
    elif [ "$status" -eq 5 ]; then
      say "ENROLLMENT FAILED with $console: $(printf '%s' "$output" | tr '\n' ' ')"
      say "the package is installed and the agent runs on the shipped policy, trying the enrollment again by itself (mamori-agent status says how it goes). To change what it tries: fix $CONF and reinstall (dpkg-reconfigure mamori-agent; rpm: dnf reinstall), or run mamori-agent enroll"
    else
      say "ENROLLMENT FAILED (exit $status) with $console: $(printf '%s' "$output" | tr '\n' ' ')"
      say "the package is installed but the agent cannot run until it is enrolled. Fix $CONF and reinstall the package (dpkg-reconfigure mamori-agent; rpm: dnf reinstall), or run mamori-agent enroll"
    fi
  fi
}

# agent_runnable: enrolled, or an enrollment pending (the agent then runs on the shipped policy).
agent_runnable() {
  [ -f "$STATE/identity.json" ] || [ -f "$STATE/pending-enrollment.json" ]
}

# agent_start: enables the service and (re)starts it when it can run, where systemd runs.
agent_start() {
  systemd_runs || { say "systemd is not running: the service is installed, not started"; return 0; }
  systemctl daemon-reload || true
  systemctl enable mamori-agent.service >/dev/null 2>&1 || say "could not enable mamori-agent.service"
  if agent_runnable; then
    systemctl restart mamori-agent.service || say "mamori-agent.service did not start: see journalctl -u mamori-agent"
  else
    say "not enrolled and nothing to enroll with: the service is enabled but not started"
  fi
}

# agent_resume: a refused removal or a failed upgrade: the agent runs on as before.
agent_resume() {
  if systemd_runs && agent_runnable; then
    systemctl start mamori-agent.service || true
  fi
}

# agent_removal_allowed: true when no uninstall token's hash is kept, or the token given
# (MAMORI_UNINSTALL_TOKEN, else the first line of /etc/mamori/uninstall-token) matches it —
# `mamori-agent uninstall-check` decides and, when it refuses, leaves a record the running agent
# reports to the console. Says why when it refuses; the caller must then fail, which keeps the package.
agent_removal_allowed() {
  set -- uninstall-check --state-dir "$STATE"
  if [ -z "${MAMORI_UNINSTALL_TOKEN:-}" ] && [ -f "$TOKEN_FILE" ]; then
    set -- "$@" --token-file "$TOKEN_FILE"
  fi
  status=0
  # the token goes through the environment or a file, never the command line
  output="$(MAMORI_LANG=en "$CLI" "$@" 2>&1)" || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 1 ] && [ ! -e "$HASH_FILE" ] && [ ! -e "$OLD_HASH_FILE" ]; then
    # the check could not run (a broken install) and no hash is kept: nothing to protect
    say "the uninstall check could not run (exit $status); no uninstall token's hash is kept, so removal goes on" >&2
  elif [ "$status" -ne 0 ]; then
    say "$(printf '%s' "$output" | tr '\n' ' ')" >&2
    [ "$status" -eq 1 ] || say "REMOVAL REFUSED: the uninstall check could not run (exit $status)" >&2
    return 1
  else
    say "$(printf '%s' "$output" | tail -n 1)" >&2
  fi
  rm -f "$TOKEN_FILE"
}

agent_stop() {
  if systemd_runs; then systemctl stop mamori-agent.service || true; fi
}

agent_disable() {
  if systemd_runs; then systemctl disable mamori-agent.service >/dev/null 2>&1 || true; fi
}

agent_forget_unit() {
  if systemd_runs; then systemctl daemon-reload || true; fi
}

# agent_purge: what removal keeps for a reinstall — enrollment, operation log, quarantine, the
# agent's logs and the install config — goes. The console package's /var/lib/mamori/console and
# /etc/mamori/console.* stay (the console logs to the journal, never to /var/log/mamori).
agent_purge() {
  rm -rf "$STATE" "$PACKAGE_STATE" "$LOG_DIR" /run/mamori
  rm -f "$CONF" "$TOKEN_FILE"
  rmdir /var/lib/mamori /etc/mamori 2>/dev/null || true
  agent_forget_unit
}
