#!/usr/bin/env bash
# Builds an RPM package of the agent (default) or of the console from the built modules, with
# rpmbuild, into target/packages/. Called by `./mamori package rpm` / `console-rpm`, which build
# the modules first; it can also be run alone once the module is built.
#   build-rpm.sh [agent|console]
# Same files, runtime, unit and maintainer logic as the .deb (lib/build.sh, agent/, console/);
# the scriptlets (rpm/<component>/) map rpm's argument — how many instances of the package there
# will be — to that logic, where the .deb's scripts map dpkg's verbs.
#
# Environment (all optional):
#   JAVA_HOME               the JDK 17+ whose jlink and jmods link the runtime (else the one of `java`)
#   MAMORI_RPM_VERSION      the package version (else the project's, 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT)
#   MAMORI_RPM_RELEASE      the release (else 1)
#   MAMORI_RPM_COMPRESSION  the payload's compressor as rpm names it (else w6.xzdio, which every
#                           RPM distribution of the last ten years reads; w1.gzdio is much faster)
#   MAMORI_PACKAGES_DIR     where the package goes (else target/packages under the repository)
#   MAMORI_JDEPS=1          re-check the runtime's module list with jdeps first (minutes)
# Needs rpmbuild (Debian: apt-get install rpm). Builds on any Linux; the package is for x86_64.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
FORMAT=rpm
started=$SECONDS
# shellcheck source=lib/build.sh
. "$ROOT/installer/linux/lib/build.sh"

take_component "${1:-agent}"

command -v rpmbuild >/dev/null 2>&1 || fail "rpmbuild is needed (Debian/Ubuntu: apt-get install rpm; Fedora/RHEL: dnf install rpm-build)"
find_jdk

# rpm sorts "~" before anything too (rpm >= 4.10), so 0.1.0~SNAPSHOT comes before the release 0.1.0.
project="$(project_version)"
VERSION="${MAMORI_RPM_VERSION:-${project//-/\~}}"
RELEASE="${MAMORI_RPM_RELEASE:-1}"
[[ "$VERSION" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || fail "'$VERSION' is not an RPM version"
[[ "$RELEASE" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || fail "'$RELEASE' is not an RPM release"
PACKAGE="$OUT/$NAME-$VERSION-$RELEASE.x86_64.rpm"
step "$NAME $VERSION-$RELEASE with the runtime of $JDK (Java $jdk_major)"

rm -rf "$WORK"
mkdir -p "$WORK/stage" "$WORK/top/BUILD" "$WORK/top/RPMS" "$WORK/top/SPECS" "$OUT"
STAGE="$WORK/stage"
# RPM distributions keep units in /usr/lib/systemd/system (%{_unitdir})
"stage_$COMPONENT" "$STAGE" /usr/lib/systemd/system "$WORK"

# The spec: the header, then each scriptlet. rpmbuild expands macros everywhere, scriptlets
# included, so every % of the shell code is doubled; `rpm -qp --scripts` shows it as written.
SPEC="$WORK/top/SPECS/$NAME.spec"
sed -e "s|@VERSION@|$VERSION|" -e "s|@RELEASE@|$RELEASE|" -e "s|@STAGE@|$STAGE|" "$HERE/rpm/$COMPONENT/header.spec" > "$SPEC"
for scriptlet in pre post preun postun posttrans; do
  template="$HERE/rpm/$COMPONENT/$scriptlet"
  [[ -f "$template" ]] || continue
  {
    echo
    echo "%$scriptlet -p /bin/sh"
    echo "set -eu"
    maintainer_script "$template" "$HERE/$COMPONENT/maintainer.sh" | sed -e 's/%/%%/g'
  } >> "$SPEC"
done

step "building the package (rpmbuild, ${MAMORI_RPM_COMPRESSION:-w6.xzdio})"
rm -f "$PACKAGE"
# No build-id links, no debuginfo, no brp-* post-processing (stripping, jar repacking): the runtime
# and the jars go in as staged and as the .deb carries them.
rpmbuild -bb --target x86_64 \
  --define "_topdir $WORK/top" \
  --define "_rpmdir $WORK/top/RPMS" \
  --define "_build_id_links none" \
  --define "debug_package %{nil}" \
  --define "__os_install_post %{nil}" \
  --define "_binary_payload ${MAMORI_RPM_COMPRESSION:-w6.xzdio}" \
  --define "_rpmfilename %{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}.rpm" \
  "$SPEC" >"$WORK/rpmbuild.log" 2>&1 || fail "rpmbuild failed: $(tail -n 8 "$WORK/rpmbuild.log")"
mv "$WORK/top/RPMS/$NAME-$VERSION-$RELEASE.x86_64.rpm" "$PACKAGE"
installed_kb="$(du -sk "$STAGE" | awk '{print $1}')"
package_kb="$(du -k "$PACKAGE" | awk '{print $1}')"
{
  echo "package=$PACKAGE"
  echo "version=$VERSION-$RELEASE"
  echo "runtime_kib=$runtime_kb"
  echo "installed_kib=$installed_kb"
  echo "package_kib=$package_kb"
  echo "modules=$(modules_of "$HERE/$([[ $COMPONENT == agent ]] && echo modules || echo console-modules)")"
} > "$OUT/$NAME.rpm.properties"
step "done: $PACKAGE ($((package_kb / 1024)) MiB; installed $((installed_kb / 1024)) MiB, of which the runtime $((runtime_kb / 1024)) MiB)"
