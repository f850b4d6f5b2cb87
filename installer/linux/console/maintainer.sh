# The console package's maintainer logic, shared by the .deb's postinst/prerm/postrm and the .rpm's
# scriptlets (build-deb.sh and build-rpm.sh copy it into each, where "# @FUNCTIONS@" stands).
# POSIX sh; nothing here prompts. The console runs as its own system user, never as root.

CONSOLE_USER=mamori-console
DATA=/var/lib/mamori/console
CONFIG_DIR=/etc/mamori

say() {
  echo "mamori-console: $*"
}

systemd_runs() {
  [ -d /run/systemd/system ]
}

# console_add_user: the service's system user and group (rpm: before the files, which name the
# group; deb: in postinst).
console_add_user() {
  if ! getent group "$CONSOLE_USER" >/dev/null 2>&1; then
    groupadd --system "$CONSOLE_USER"
  fi
  if ! getent passwd "$CONSOLE_USER" >/dev/null 2>&1; then
    useradd --system --gid "$CONSOLE_USER" --home-dir "$DATA" --no-create-home \
      --shell /usr/sbin/nologin --comment "Mamori console" "$CONSOLE_USER"
    say "created the system user $CONSOLE_USER"
  fi
}

# console_configure: the service's user and data directory; the configuration files readable by
# that user only (besides root). The data directory is the service's own: owner-only, so its
# database, keys and the first-run password file are read by nobody else but root.
console_configure() {
  console_add_user
  mkdir -p "$DATA"
  chmod 0755 /var/lib/mamori
  chown "$CONSOLE_USER:$CONSOLE_USER" "$DATA"
  chmod 0700 "$DATA"
  for file in "$CONFIG_DIR/console.yml" "$CONFIG_DIR/console.env"; do
    if [ -f "$file" ]; then
      chown "root:$CONSOLE_USER" "$file"
      chmod 0640 "$file"
    fi
  done
  if [ ! -f "$DATA/console.db" ] && [ ! -d "$DATA/keys" ]; then
    say "first start: the console creates the administrator 'admin' with a one-time password in $DATA/first-run-password.txt (readable by root only besides the service; there is no default password). journalctl -u mamori-console names the file."
  fi
}

# console_start: enables the service and (re)starts it, where systemd runs.
console_start() {
  systemd_runs || { say "systemd is not running: the service is installed, not started"; return 0; }
  systemctl daemon-reload || true
  systemctl enable mamori-console.service >/dev/null 2>&1 || say "could not enable mamori-console.service"
  systemctl restart mamori-console.service || say "mamori-console.service did not start: see journalctl -u mamori-console"
}

console_resume() {
  if systemd_runs; then systemctl start mamori-console.service || true; fi
}

console_stop() {
  if systemd_runs; then systemctl stop mamori-console.service || true; fi
}

console_disable() {
  if systemd_runs; then systemctl disable mamori-console.service >/dev/null 2>&1 || true; fi
}

console_forget_unit() {
  if systemd_runs; then systemctl daemon-reload || true; fi
}

# console_purge: the data directory (database, signing keys, certificate), the configuration and
# the service's user go. The agent package's folders under /var/lib/mamori and /etc/mamori stay.
console_purge() {
  rm -rf "$DATA"
  rm -f "$CONFIG_DIR/console.yml" "$CONFIG_DIR/console.env"
  rmdir /var/lib/mamori "$CONFIG_DIR" 2>/dev/null || true
  if getent passwd "$CONSOLE_USER" >/dev/null 2>&1; then userdel "$CONSOLE_USER" || true; fi
  if getent group "$CONSOLE_USER" >/dev/null 2>&1; then groupdel "$CONSOLE_USER" 2>/dev/null || true; fi
  console_forget_unit
}
