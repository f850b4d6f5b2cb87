#!/usr/bin/env bash
# Builds the agent's Debian package from the built agent module (agent/target): a jlink'd Java
# runtime, the agent's jars, its systemd unit and maintainer scripts, into target/packages/.
# Called by `./mamori package deb`, which builds the modules first; it can also be run alone once
# agent/target holds mamori-agent.jar, lib/ and agent-lib/.
#
# Environment (all optional):
#   JAVA_HOME              the JDK 17+ whose jlink and jmods link the runtime (else the one of `java`)
#   MAMORI_DEB_VERSION     the package version (else the project's, 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT)
#   MAMORI_DEB_COMPRESSION dpkg-deb's compressor (xz, the default, or gzip, zstd, none)
#   MAMORI_PACKAGES_DIR    where the package goes (else target/packages under the repository)
# Linux only (dpkg-deb). Progress goes to standard output, one line per step.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
HERE="$ROOT/installer/linux"
AGENT="$ROOT/agent/target"
OUT="${MAMORI_PACKAGES_DIR:-$ROOT/target/packages}"
WORK="$OUT/work/deb"
PREFIX=/opt/mamori/agent
started=$SECONDS

step() { printf '[deb %3ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() { printf 'build-deb: %s\n' "$*" >&2; exit 2; }

command -v dpkg-deb >/dev/null 2>&1 || fail "dpkg-deb is needed (Debian/Ubuntu: it comes with dpkg)"
for input in "$AGENT/mamori-agent.jar" "$AGENT/lib" "$AGENT/agent-lib" "$ROOT/agent/jvm.options"; do
  [[ -e "$input" ]] || fail "$input is missing: build the agent first (./mamori package deb does)"
done

# --- the JDK that links the runtime ---------------------------------------------------------
if [[ -n "${JAVA_HOME:-}" ]]; then
  JDK="$JAVA_HOME"
else
  java_binary="$(command -v java)" || fail "no java found: install a JDK 17 or set JAVA_HOME"
  JDK="$(dirname "$(dirname "$(readlink -f "$java_binary")")")"
fi
[[ -x "$JDK/bin/jlink" && -x "$JDK/bin/jdeps" ]] || fail "$JDK has no jlink/jdeps: a full JDK is needed (Debian: openjdk-17-jdk-headless)"
[[ -d "$JDK/jmods" ]] || fail "$JDK has no jmods folder: jlink links from it (Debian: openjdk-17-jdk-headless has it; some JDKs ship it apart, e.g. openjdk-17-jmods)"
jdk_major="$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
[[ "${jdk_major:-0}" -ge 17 ]] || fail "the JDK at $JDK is Java ${jdk_major:-?}; 17 or newer is needed"

# --- version ----------------------------------------------------------------------------------
project_version="$(awk '/<artifactId>mamori-parent<\/artifactId>/ {found=1} found && /<version>/ {gsub(/.*<version>|<\/version>.*/, ""); print; exit}' "$ROOT/pom.xml")"
# Debian versions sort "~" before anything, so 0.1.0~SNAPSHOT comes before the release 0.1.0.
VERSION="${MAMORI_DEB_VERSION:-${project_version//-/\~}}"
[[ "$VERSION" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || fail "'$VERSION' is not a Debian version"
PACKAGE="$OUT/mamori-agent_${VERSION}_amd64.deb"
step "mamori-agent $VERSION with the runtime of $JDK (Java $jdk_major)"

rm -rf "$WORK"
mkdir -p "$WORK/root$PREFIX" "$WORK/root/DEBIAN" "$OUT"
STAGE="$WORK/root"

# --- the modules the agent and its inspection workers need -----------------------------------
# installer/linux/modules: what jdeps finds over the agent's jar and every library of both class
# paths (agent-lib/ for the agent, lib/ for the workers that run the classifier with Tika, POI,
# PDFBox …), plus the modules no static analysis sees (reasons in that file). jdeps cannot take
# all the jars in one run (a modular Bouncy Castle jar requires jakarta.mail, which is not there),
# and one run per jar takes minutes, so the list is kept in the file and re-checked on request:
# MAMORI_DEB_JDEPS=1 runs jdeps jar by jar and stops if it finds a module the list lacks.
MODULES="$(grep -vE '^[[:space:]]*(#|$)' "$HERE/modules" | awk '{print $1}' | paste -sd, -)"
if [[ "${MAMORI_DEB_JDEPS:-0}" == 1 ]]; then
  step "checking the module list with jdeps, jar by jar (minutes)"
  for jar in "$AGENT/mamori-agent.jar" "$AGENT"/lib/*.jar "$AGENT"/agent-lib/*.jar; do
    "$JDK/bin/jdeps" --multi-release "$jdk_major" --print-module-deps --ignore-missing-deps "$jar" 2>/dev/null | tail -n 1 || true
  done | tr ',' '\n' | sort -u > "$WORK/jdeps-modules"
  while IFS= read -r module; do
    [[ -z "$module" || ",$MODULES," == *",$module,"* ]] || fail "jdeps finds $module, which installer/linux/modules lacks"
  done < "$WORK/jdeps-modules"
fi
step "modules: $MODULES"

step "linking the runtime (jlink)"
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$STAGE$PREFIX/runtime" >"$WORK/jlink.log" 2>&1 || fail "jlink failed: $(tail -n 5 "$WORK/jlink.log")"
# the runtime's own class-data archive, as the JDK's has: faster start of agent and workers
"$STAGE$PREFIX/runtime/bin/java" -Xshare:dump >"$WORK/cds.log" 2>&1 || step "no class-data archive for the runtime (see $WORK/cds.log)"
runtime_kb="$(du -sk "$STAGE$PREFIX/runtime" | awk '{print $1}')"
step "runtime: $((runtime_kb / 1024)) MiB"

# --- payload --------------------------------------------------------------------------------
step "copying the agent"
cp "$AGENT/mamori-agent.jar" "$STAGE$PREFIX/"
cp -R "$AGENT/lib" "$AGENT/agent-lib" "$STAGE$PREFIX/"
cp "$ROOT/agent/jvm.options" "$STAGE$PREFIX/jvm.options"
mkdir -p "$STAGE$PREFIX/bin" "$STAGE/usr/bin" "$STAGE/lib/systemd/system" "$STAGE/usr/share/doc/mamori-agent"
install -m 0755 "$HERE/deb/mamori-agent" "$STAGE$PREFIX/bin/mamori-agent"
ln -s "$PREFIX/bin/mamori-agent" "$STAGE/usr/bin/mamori-agent"
cp "$ROOT/docs/deploy.md" "$STAGE/usr/share/doc/mamori-agent/deploy.md" 2>/dev/null || true

# The unit's JVM options are jvm.options, one option a word (none holds a space).
options=""
while IFS= read -r option || [[ -n "$option" ]]; do
  option="${option#"${option%%[![:space:]]*}"}"
  option="${option%"${option##*[![:space:]]}"}"
  [[ -z "$option" || "$option" == \#* ]] && continue
  [[ "$option" != *" "* ]] || fail "jvm.options: '$option' holds a space; the unit cannot carry it"
  options="$options $option"
done < "$ROOT/agent/jvm.options"
sed -e "s|@JVM_OPTIONS@|${options# }|" -e "s|@PREFIX@|$PREFIX|g" "$HERE/deb/mamori-agent.service" \
  > "$STAGE/lib/systemd/system/mamori-agent.service"

for script in postinst prerm postrm; do
  install -m 0755 "$HERE/deb/$script" "$STAGE/DEBIAN/$script"
done
installed_kb="$(du -sk --exclude=DEBIAN "$STAGE" | awk '{print $1}')"
sed -e "s|@VERSION@|$VERSION|" -e "s|@INSTALLED_SIZE@|$installed_kb|" "$HERE/deb/control" > "$STAGE/DEBIAN/control"

# Owner root, directories 0755, files 0644 except the programs.
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE$PREFIX" -type f -exec chmod 0644 {} +
chmod 0755 "$STAGE$PREFIX/bin/mamori-agent" "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/prerm" "$STAGE/DEBIAN/postrm"
find "$STAGE$PREFIX/runtime/bin" -type f -exec chmod 0755 {} +
[[ ! -f "$STAGE$PREFIX/runtime/lib/jspawnhelper" ]] || chmod 0755 "$STAGE$PREFIX/runtime/lib/jspawnhelper"

step "building the package (dpkg-deb, ${MAMORI_DEB_COMPRESSION:-xz})"
rm -f "$PACKAGE"
dpkg-deb --root-owner-group -Z"${MAMORI_DEB_COMPRESSION:-xz}" --build "$STAGE" "$PACKAGE" >"$WORK/dpkg-deb.log" 2>&1 \
  || fail "dpkg-deb failed: $(tail -n 5 "$WORK/dpkg-deb.log")"
package_kb="$(du -k "$PACKAGE" | awk '{print $1}')"
{
  echo "package=$PACKAGE"
  echo "version=$VERSION"
  echo "runtime_kib=$runtime_kb"
  echo "installed_kib=$installed_kb"
  echo "package_kib=$package_kb"
  echo "modules=$MODULES"
} > "$OUT/mamori-agent.deb.properties"
step "done: $PACKAGE ($((package_kb / 1024)) MiB; installed $((installed_kb / 1024)) MiB, of which the runtime $((runtime_kb / 1024)) MiB)"
