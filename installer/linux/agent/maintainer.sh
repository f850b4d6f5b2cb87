# The agent package's maintainer logic, shared by the .deb's postinst/prerm/postrm and the .rpm's
# scriptlets (build-deb.sh and build-rpm.sh copy it into each, where "# @FUNCTIONS@" stands).
# Each format's script only maps its own arguments (dpkg's verbs, rpm's count of installed
# instances) to these functions. POSIX sh; nothing here prompts.

STATE=/var/lib/mamori/agent
PACKAGE_STATE=/var/lib/mamori/package
CONF=/etc/mamori/agent-install.conf
HASH_FILE=$PACKAGE_STATE/uninstall-token.sha256
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
# enrollment never fails the install: the package stays, the reason goes to the install log.
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

  if [ -n "$uninstall_hash" ]; then
    uninstall_hash="$(printf '%s' "$uninstall_hash" | tr 'A-F' 'a-f')"
    if printf '%s' "$uninstall_hash" | grep -Eq '^[0-9a-f]{64}$'; then
      printf '%s\n' "$uninstall_hash" >"$HASH_FILE"
      chmod 0600 "$HASH_FILE"
      say "removal now needs the uninstall token"
    else
      say "warning: uninstall-token-sha256 is not 64 hexadecimal digits; ignored"
    fi
  fi

  if [ -f "$STATE/identity.json" ]; then
    say "already enrolled: enrollment, operation log and quarantine in $STATE kept"
    rm -f "$CONF"
  elif [ -z "$console" ] || [ -z "$token" ]; then
    say "not enrolled: no console-url/enroll-token in $CONF or MAMORI_CONSOLE_URL/MAMORI_ENROLL_TOKEN; enroll with: mamori-agent enroll --console URL --token-file FILE --fingerprint SHA256"
  else
    token_file="$(mktemp "$PACKAGE_STATE/enroll-token.XXXXXX")"
    printf '%s\n' "$token" >"$token_file"
    set -- enroll --state-dir "$STATE" --console "$console" --token-file "$token_file"
    [ -z "$fingerprint" ] || set -- "$@" --fingerprint "$fingerprint"
    status=0
    output="$(MAMORI_LANG=en "$CLI" "$@" 2>&1)" || status=$?
    rm -f "$token_file"
    if [ "$status" -eq 0 ]; then
      say "enrolled with $console: $(printf '%s' "$output" | tail -n 1)"
      rm -f "$CONF"
    else
      say "ENROLLMENT FAILED (exit $status) with $console: $(printf '%s' "$output" | tr '\n' ' ')"
      say "the package is installed; the agent does not run until it is enrolled. Fix $CONF and reinstall the package (dpkg-reconfigure mamori-agent; rpm: dnf reinstall), or run mamori-agent enroll"
    fi
  fi
}

# agent_start: enables the service and (re)starts it when enrolled, where systemd runs.
agent_start() {
  systemd_runs || { say "systemd is not running: the service is installed, not started"; return 0; }
  systemctl daemon-reload || true
  systemctl enable mamori-agent.service >/dev/null 2>&1 || say "could not enable mamori-agent.service"
  if [ -f "$STATE/identity.json" ]; then
    systemctl restart mamori-agent.service || say "mamori-agent.service did not start: see journalctl -u mamori-agent"
  else
    say "not enrolled: the service is enabled but not started (it refuses to run unenrolled)"
  fi
}

# agent_resume: a refused removal or a failed upgrade: the agent runs on as before.
agent_resume() {
  if systemd_runs && [ -f "$STATE/identity.json" ]; then
    systemctl start mamori-agent.service || true
  fi
}

# agent_removal_allowed: true when no uninstall token's hash was configured at install, or the
# token given (MAMORI_UNINSTALL_TOKEN, else the first line of /etc/mamori/uninstall-token)
# matches it. Says why when it refuses; the caller must then fail, which keeps the package.
agent_removal_allowed() {
  [ -s "$HASH_FILE" ] || return 0
  expected="$(head -n 1 "$HASH_FILE" | tr -d ' \t\r')"
  token="${MAMORI_UNINSTALL_TOKEN:-}"
  if [ -z "$token" ] && [ -f "$TOKEN_FILE" ]; then
    token="$(head -n 1 "$TOKEN_FILE" | tr -d ' \t\r')"
  fi
  given=""
  [ -z "$token" ] || given="$(printf '%s' "$token" | sha256sum | awk '{print $1}')"
  if [ "$given" != "$expected" ]; then
    if [ -z "$token" ]; then
      say "REMOVAL REFUSED: this agent may be removed only with its uninstall token (MAMORI_UNINSTALL_TOKEN or $TOKEN_FILE)" >&2
    else
      say "REMOVAL REFUSED: the uninstall token given does not match this agent's" >&2
    fi
    return 1
  fi
  say "uninstall token accepted" >&2
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
