# Shared by build-deb.sh and build-rpm.sh (sourced, not run): the JDK that links the runtimes, the
# project's version, and the staging of each package's files — so the .deb and the .rpm of a
# component carry the same runtime, jars, unit and maintainer logic, and differ only in the
# package format and in where the format expects the unit (Debian /lib/systemd/system, RPM
# distributions /usr/lib/systemd/system).
#
# Needs, set by the caller: ROOT (the repository), FORMAT (deb or rpm, for messages), started
# (SECONDS at the start).

HERE="$ROOT/installer/linux"
AGENT_PREFIX=/opt/mamori/agent
CONSOLE_PREFIX=/opt/mamori/console

step() { printf '[%s %3ss] %s\n' "$FORMAT" "$((SECONDS - started))" "$*"; }
fail() { printf 'build-%s: %s\n' "$FORMAT" "$*" >&2; exit 2; }

# take_component [agent|console]: sets COMPONENT, NAME, OUT and WORK (target/packages/work/<format>-<component>).
take_component() {
  COMPONENT="${1:-agent}"
  case "$COMPONENT" in
    agent|console) ;;
    *) fail "usage: build-$FORMAT.sh [agent|console]" ;;
  esac
  NAME="mamori-$COMPONENT"
  OUT="${MAMORI_PACKAGES_DIR:-$ROOT/target/packages}"
  WORK="$OUT/work/$FORMAT-$COMPONENT"
}

# find_jdk: sets JDK and jdk_major — the JDK 17+ whose jlink and jmods link the runtimes.
find_jdk() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    JDK="$JAVA_HOME"
  else
    local java_binary
    java_binary="$(command -v java)" || fail "no java found: install a JDK 17 or set JAVA_HOME"
    JDK="$(dirname "$(dirname "$(readlink -f "$java_binary")")")"
  fi
  [[ -x "$JDK/bin/jlink" && -x "$JDK/bin/jdeps" ]] || fail "$JDK has no jlink/jdeps: a full JDK is needed (Debian: openjdk-17-jdk-headless)"
  [[ -d "$JDK/jmods" ]] || fail "$JDK has no jmods folder: jlink links from it (Debian: openjdk-17-jdk-headless has it; some JDKs ship it apart, e.g. openjdk-17-jmods)"
  jdk_major="$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
  [[ "${jdk_major:-0}" -ge 17 ]] || fail "the JDK at $JDK is Java ${jdk_major:-?}; 17 or newer is needed"
}

# project_version: the version in the parent pom (0.1.0-SNAPSHOT).
project_version() {
  awk '/<artifactId>mamori-parent<\/artifactId>/ {found=1} found && /<version>/ {gsub(/.*<version>|<\/version>.*/, ""); print; exit}' "$ROOT/pom.xml"
}

# require_inputs PATH…: each must exist (the built module).
require_inputs() {
  local input
  for input in "$@"; do
    [[ -e "$input" ]] || fail "$input is missing: build the modules first (./mamori package … does)"
  done
}

# modules_of FILE: the module list of a modules file (installer/linux/modules, console-modules), comma-separated.
modules_of() {
  grep -vE '^[[:space:]]*(#|$)' "$1" | awk '{print $1}' | paste -sd, -
}

# check_modules FILE JAR…: runs jdeps jar by jar and stops if it finds a module FILE lacks (minutes).
# jdeps cannot take all the jars in one run (a modular Bouncy Castle jar requires jakarta.mail,
# which is not there), so each jar is looked at alone.
check_modules() {
  local file="$1" modules module found
  shift
  modules="$(modules_of "$file")"
  step "checking $(basename "$file") with jdeps, jar by jar (minutes)"
  found="$(for jar in "$@"; do
      "$JDK/bin/jdeps" --multi-release "$jdk_major" --print-module-deps --ignore-missing-deps "$jar" 2>/dev/null | tail -n 1 || true
    done | tr ',' '\n' | sort -u)"
  while IFS= read -r module; do
    [[ -z "$module" || ",$modules," == *",$module,"* ]] || fail "jdeps finds $module, which $file lacks"
  done <<<"$found"
}

# link_runtime MODULES_FILE TARGET LOG_DIR: a jlink'd runtime with its own class-data archive.
# Sets runtime_kb.
link_runtime() {
  local modules
  modules="$(modules_of "$1")"
  step "linking the runtime (jlink): $modules"
  "$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --compress=2 \
    --output "$2" >"$3/jlink.log" 2>&1 || fail "jlink failed: $(tail -n 5 "$3/jlink.log")"
  # the runtime's own class-data archive, as the JDK's has: a faster start
  "$2/bin/java" -Xshare:dump >"$3/cds.log" 2>&1 || step "no class-data archive for the runtime (see $3/cds.log)"
  runtime_kb="$(du -sk "$2" | awk '{print $1}')"
  step "runtime: $((runtime_kb / 1024)) MiB"
}

# jvm_options_line FILE: the options of a jvm.options file on one line, for a unit's ExecStart
# (one option a word; none may hold a space, which the unit could not carry unquoted).
jvm_options_line() {
  local options="" option
  while IFS= read -r option || [[ -n "$option" ]]; do
    option="${option#"${option%%[![:space:]]*}"}"
    option="${option%"${option##*[![:space:]]}"}"
    [[ -z "$option" || "$option" == \#* ]] && continue
    [[ "$option" != *" "* ]] || fail "$1: '$option' holds a space; the unit cannot carry it"
    options="$options $option"
  done < "$1"
  printf '%s' "${options# }"
}

# fix_modes STAGE PREFIX PROGRAM…: owner root (set by the packager), directories 0755, files 0644
# except the programs and the runtime's binaries.
fix_modes() {
  local stage="$1" prefix="$2" program
  shift 2
  find "$stage" -type d -exec chmod 0755 {} +
  find "$stage" -type f -exec chmod 0644 {} +
  for program in "$@"; do chmod 0755 "$stage$program"; done
  find "$stage$prefix/runtime/bin" -type f -exec chmod 0755 {} +
  [[ ! -f "$stage$prefix/runtime/lib/jspawnhelper" ]] || chmod 0755 "$stage$prefix/runtime/lib/jspawnhelper"
}

# stage_agent STAGE UNIT_DIR WORK: the agent's files under STAGE as they are installed; sets runtime_kb.
#   /opt/mamori/agent/{runtime, mamori-agent.jar, agent-lib/, lib/, policy/default.json, jvm.options, bin/mamori-agent}
#   /usr/bin/mamori-agent -> /opt/mamori/agent/bin/mamori-agent, UNIT_DIR/mamori-agent.service,
#   /usr/share/doc/mamori-agent/deploy.md
stage_agent() {
  local stage="$1" unit_dir="$2" work="$3" agent="$ROOT/agent/target"
  require_inputs "$agent/mamori-agent.jar" "$agent/lib" "$agent/agent-lib" "$ROOT/agent/jvm.options" \
    "$ROOT/console/src/main/resources/policies/default.json"
  mkdir -p "$stage$AGENT_PREFIX"
  # installer/linux/modules: what jdeps finds over the agent's jar and both class paths (agent-lib/
  # for the agent, lib/ for the workers that run the classifier with Tika, POI, PDFBox …), plus the
  # modules no static analysis sees. MAMORI_JDEPS=1 (or the older MAMORI_DEB_JDEPS=1) re-checks it.
  if [[ "${MAMORI_JDEPS:-${MAMORI_DEB_JDEPS:-0}}" == 1 ]]; then
    check_modules "$HERE/modules" "$agent/mamori-agent.jar" "$agent"/lib/*.jar "$agent"/agent-lib/*.jar
  fi
  link_runtime "$HERE/modules" "$stage$AGENT_PREFIX/runtime" "$work"

  step "copying the agent"
  cp "$agent/mamori-agent.jar" "$stage$AGENT_PREFIX/"
  cp -R "$agent/lib" "$agent/agent-lib" "$stage$AGENT_PREFIX/"
  cp "$ROOT/agent/jvm.options" "$stage$AGENT_PREFIX/jvm.options"
  # the shipped policy: what the agent enforces while it has no policy from the console (never
  # enrolled yet, or enrollment failed at install) — the console's own default policy
  mkdir -p "$stage$AGENT_PREFIX/policy"
  cp "$ROOT/console/src/main/resources/policies/default.json" "$stage$AGENT_PREFIX/policy/default.json"
  mkdir -p "$stage$AGENT_PREFIX/bin" "$stage/usr/bin" "$stage$unit_dir" "$stage/usr/share/doc/mamori-agent"
  install -m 0755 "$HERE/agent/mamori-agent" "$stage$AGENT_PREFIX/bin/mamori-agent"
  ln -s "$AGENT_PREFIX/bin/mamori-agent" "$stage/usr/bin/mamori-agent"
  cp "$ROOT/docs/deploy.md" "$stage/usr/share/doc/mamori-agent/deploy.md"
  sed -e "s|@JVM_OPTIONS@|$(jvm_options_line "$ROOT/agent/jvm.options")|" -e "s|@PREFIX@|$AGENT_PREFIX|g" \
    "$HERE/agent/mamori-agent.service" > "$stage$unit_dir/mamori-agent.service"
  fix_modes "$stage" "$AGENT_PREFIX" "$AGENT_PREFIX/bin/mamori-agent"
}

# stage_console STAGE UNIT_DIR WORK: the console's files under STAGE; sets runtime_kb.
#   /opt/mamori/console/{runtime, mamori-console.jar, lib/, jvm.options, bin/mamori-console}
#   /usr/bin/mamori-console, UNIT_DIR/mamori-console.service, /etc/mamori/console.yml and
#   console.env (configuration files the package never overwrites once edited),
#   /usr/share/doc/mamori-console/{deploy.md,console.md}
stage_console() {
  local stage="$1" unit_dir="$2" work="$3" console="$ROOT/console/target"
  require_inputs "$console/mamori-console.jar" "$console/lib" "$ROOT/console/jvm.options"
  mkdir -p "$stage$CONSOLE_PREFIX"
  # installer/linux/console-modules: jdeps over the console's jar and its lib/, plus what no
  # static analysis sees (reasons in that file). MAMORI_JDEPS=1 re-checks it.
  if [[ "${MAMORI_JDEPS:-0}" == 1 ]]; then
    check_modules "$HERE/console-modules" "$console/mamori-console.jar" "$console"/lib/*.jar
  fi
  link_runtime "$HERE/console-modules" "$stage$CONSOLE_PREFIX/runtime" "$work"

  step "copying the console"
  cp "$console/mamori-console.jar" "$stage$CONSOLE_PREFIX/"
  cp -R "$console/lib" "$stage$CONSOLE_PREFIX/"
  cp "$ROOT/console/jvm.options" "$stage$CONSOLE_PREFIX/jvm.options"
  mkdir -p "$stage$CONSOLE_PREFIX/bin" "$stage/usr/bin" "$stage$unit_dir" "$stage/etc/mamori" "$stage/usr/share/doc/mamori-console"
  sed -e "s|@JVM_OPTIONS@|$(jvm_options_line "$ROOT/console/jvm.options")|" -e "s|@PREFIX@|$CONSOLE_PREFIX|g" \
    "$HERE/console/mamori-console" > "$stage$CONSOLE_PREFIX/bin/mamori-console"
  ln -s "$CONSOLE_PREFIX/bin/mamori-console" "$stage/usr/bin/mamori-console"
  cp "$HERE/console/console.yml" "$HERE/console/console.env" "$stage/etc/mamori/"
  cp "$ROOT/docs/deploy.md" "$ROOT/docs/console.md" "$stage/usr/share/doc/mamori-console/"
  sed -e "s|@JVM_OPTIONS@|$(jvm_options_line "$ROOT/console/jvm.options")|" -e "s|@PREFIX@|$CONSOLE_PREFIX|g" \
    "$HERE/console/mamori-console.service" > "$stage$unit_dir/mamori-console.service"
  fix_modes "$stage" "$CONSOLE_PREFIX" "$CONSOLE_PREFIX/bin/mamori-console"
}

# maintainer_script TEMPLATE FUNCTIONS: TEMPLATE with its line "# @FUNCTIONS@" replaced by the
# file FUNCTIONS (the component's maintainer logic, shared by the .deb's scripts and the .rpm's
# scriptlets), on standard output. A package's scripts must stand alone: a purge runs after the
# package's files are gone, so nothing can be sourced from them.
maintainer_script() {
  grep -q '^# @FUNCTIONS@$' "$1" || fail "$1 has no '# @FUNCTIONS@' line"
  sed -e "/^# @FUNCTIONS@\$/{r $2" -e 'd}' "$1"
}
