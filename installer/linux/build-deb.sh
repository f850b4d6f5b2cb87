#!/usr/bin/env bash
# Builds a Debian package of the agent (default) or of the console from the built modules
# (agent/target, console/target): a jlink'd Java runtime, the jars, the systemd unit and the
# maintainer scripts, into target/packages/. Called by `./mamori package deb` / `console-deb`,
# which build the modules first; it can also be run alone once the module is built.
#   build-deb.sh [agent|console]
# The files and the maintainer logic are those of the .rpm (lib/build.sh, agent/, console/);
# only the packaging is the .deb's (deb/<component>/).
#
# Environment (all optional):
#   JAVA_HOME              the JDK 17+ whose jlink and jmods link the runtime (else the one of `java`)
#   MAMORI_DEB_VERSION     the package version (else the project's, 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT)
#   MAMORI_DEB_COMPRESSION dpkg-deb's compressor (xz, the default, or gzip, zstd, none)
#   MAMORI_PACKAGES_DIR    where the package goes (else target/packages under the repository)
#   MAMORI_JDEPS=1         re-check the runtime's module list with jdeps first (minutes)
# Linux only (dpkg-deb). Progress goes to standard output, one line per step.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
FORMAT=deb
started=$SECONDS
# shellcheck source=lib/build.sh
. "$ROOT/installer/linux/lib/build.sh"

take_component "${1:-agent}"

command -v dpkg-deb >/dev/null 2>&1 || fail "dpkg-deb is needed (Debian/Ubuntu: it comes with dpkg)"
find_jdk

# Debian versions sort "~" before anything, so 0.1.0~SNAPSHOT comes before the release 0.1.0.
project="$(project_version)"
VERSION="${MAMORI_DEB_VERSION:-${project//-/\~}}"
[[ "$VERSION" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || fail "'$VERSION' is not a Debian version"
PACKAGE="$OUT/${NAME}_${VERSION}_amd64.deb"
step "$NAME $VERSION with the runtime of $JDK (Java $jdk_major)"

rm -rf "$WORK"
mkdir -p "$WORK/root/DEBIAN" "$OUT"
STAGE="$WORK/root"
# Debian 12 keeps units in /lib/systemd/system (the /usr merge notwithstanding, dpkg's own packages do)
"stage_$COMPONENT" "$STAGE" /lib/systemd/system "$WORK"

for script in postinst prerm postrm; do
  maintainer_script "$HERE/deb/$COMPONENT/$script" "$HERE/$COMPONENT/maintainer.sh" > "$STAGE/DEBIAN/$script"
  chmod 0755 "$STAGE/DEBIAN/$script"
done
[[ ! -f "$HERE/deb/$COMPONENT/conffiles" ]] || install -m 0644 "$HERE/deb/$COMPONENT/conffiles" "$STAGE/DEBIAN/conffiles"
installed_kb="$(du -sk --exclude=DEBIAN "$STAGE" | awk '{print $1}')"
sed -e "s|@VERSION@|$VERSION|" -e "s|@INSTALLED_SIZE@|$installed_kb|" "$HERE/deb/$COMPONENT/control" > "$STAGE/DEBIAN/control"

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
  echo "modules=$(modules_of "$HERE/$([[ $COMPONENT == agent ]] && echo modules || echo console-modules)")"
} > "$OUT/$NAME.deb.properties"
step "done: $PACKAGE ($((package_kb / 1024)) MiB; installed $((installed_kb / 1024)) MiB, of which the runtime $((runtime_kb / 1024)) MiB)"
