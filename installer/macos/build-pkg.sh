#!/usr/bin/env bash
# Builds the agent's macOS package from the built agent module (agent/target): the bundled Java
# runtime, the agent's jars, the shipped policy, the launchd plists (the agent jar's resources
# io/mamori/agent/macos) and the Installer scripts, into target/packages/.
# Called by `./mamori package pkg`, which builds the modules first.
#
# On a Mac: pkgbuild + productbuild make target/packages/mamori-agent-<version>-<arch>.pkg, signed
# and notarized when the identities below are given.
# Elsewhere: a flat package needs a Bom, and no Bom writer is to be had here (Debian 12 has neither
# mkbom nor bomutils; the Java port is GPLv3 and not on Maven Central), so the .pkg itself is built
# on a Mac only. What can be built is: the payload tree, the Payload (gzip'd cpio, odc), the Scripts
# archive, PackageInfo and Distribution, into target/packages/pkg-parts/ for inspection (PkgPayloadIT).
#
# The runtime (one of them is needed; without either the build is skipped, exit 3):
#   MAMORI_MACOS_RUNTIME   a Java runtime image already linked for macOS (e.g. by jlink on a Mac)
#   MAMORI_MACOS_JDK       a macOS JDK (its Contents/Home or the folder holding jmods/): its jmods
#                          are linked with jlink — its own on a Mac; elsewhere this machine's (JAVA_HOME,
#                          else `java`'s), which must be the very same Java version (jlink's rule)
# Optional:
#   MAMORI_PKG_VERSION               the package version (else the project's)
#   MAMORI_PACKAGES_DIR              where the package goes (else target/packages under the repository)
#   MAMORI_MACOS_CODESIGN_IDENTITY   "Developer ID Application: …": signs the runtime's programs
#                                    (hardened runtime, runtime.entitlements, identifier jp.mamori.agent.java)
#   MAMORI_MACOS_INSTALLER_IDENTITY  "Developer ID Installer: …": productsign
#   MAMORI_MACOS_NOTARY_PROFILE      a notarytool keychain profile: notarize and staple
# Written for bash 3.2 (macOS's). Progress goes to standard output, one line per step.
set -euo pipefail

script_folder() {
  local path="${BASH_SOURCE[0]}" folder
  while [[ -L "$path" ]]; do
    folder="$(cd -P "$(dirname "$path")" && pwd)"
    path="$(readlink "$path")"
    [[ "$path" == /* ]] || path="$folder/$path"
  done
  cd -P "$(dirname "$path")" && pwd
}
HERE="$(script_folder)"
ROOT="$(cd "$HERE/../.." && pwd)"
AGENT="$ROOT/agent/target"
PLISTS="$ROOT/agent/src/main/resources/io/mamori/agent/macos"
POLICY="$ROOT/console/src/main/resources/policies/default.json"
OUT="${MAMORI_PACKAGES_DIR:-$ROOT/target/packages}"
WORK="$OUT/work/pkg"
PARTS="$OUT/pkg-parts"
IDENTIFIER=jp.mamori.agent
PREFIX="/Library/Application Support/Mamori"
SIGNING_IDENTIFIER=jp.mamori.agent.java
started=$SECONDS
EXIT_SKIPPED=3

step() { printf '[pkg %3ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() { printf 'build-pkg: %s\n' "$*" >&2; exit 2; }
skip() { printf 'build-pkg: %s\n' "$*" >&2; exit $EXIT_SKIPPED; }

on_mac() { [[ "$(uname -s)" == Darwin ]]; }

# macho_arch FILE: arm64 or x86_64 for a 64-bit Mach-O program, "universal" for a fat one, else nothing.
macho_arch() {
  local header
  header="$(od -An -tx1 -N8 "$1" 2>/dev/null | tr -d ' \n')"
  case "$header" in
    cffaedfe0c000001) echo arm64 ;;
    cffaedfe07000001) echo x86_64 ;;
    cafebabe*) echo universal ;;
  esac
}

# release_value FILE KEY: KEY="value" of a runtime's release file.
release_value() {
  sed -n "s/^$2=\"\\{0,1\\}\\([^\"]*\\)\"\\{0,1\\}\$/\\1/p" "$1" | head -n 1
}

for input in "$AGENT/mamori-agent.jar" "$AGENT/lib" "$AGENT/agent-lib" "$ROOT/agent/jvm.options" "$POLICY" \
    "$PLISTS/jp.mamori.agent.plist" "$PLISTS/jp.mamori.session-helper.plist"; do
  [[ -e "$input" ]] || fail "$input is missing: build the agent first (./mamori package pkg does)"
done

# --- the runtime ------------------------------------------------------------------------------
if [[ -z "${MAMORI_MACOS_RUNTIME:-}" && -z "${MAMORI_MACOS_JDK:-}" ]]; then
  skip "skipped: no macOS Java runtime. Set MAMORI_MACOS_JDK to a macOS JDK 17 (its jmods are linked with jlink) or MAMORI_MACOS_RUNTIME to a runtime image linked for macOS; a Linux JDK cannot run on a Mac."
fi

project_version="$(awk '/<artifactId>mamori-parent<\/artifactId>/ {found=1} found && /<version>/ {gsub(/.*<version>|<\/version>.*/, ""); print; exit}' "$ROOT/pom.xml")"
VERSION="${MAMORI_PKG_VERSION:-$project_version}"
[[ "$VERSION" =~ ^[0-9][A-Za-z0-9.-]*$ ]] || fail "'$VERSION' is not a package version (digits, letters, dots, dashes)"

rm -rf "$WORK"
STAGE="$WORK/root"
SCRIPTS="$WORK/scripts"
HOME_DIR="$STAGE$PREFIX"
mkdir -p "$HOME_DIR" "$SCRIPTS" "$OUT"

MODULES="$(grep -vE '^[[:space:]]*(#|$)' "$ROOT/installer/linux/modules" | awk '{print $1}' | paste -sd, -)"
if [[ -n "${MAMORI_MACOS_RUNTIME:-}" ]]; then
  RUNTIME="${MAMORI_MACOS_RUNTIME%/}"
  [[ -x "$RUNTIME/bin/java" && -f "$RUNTIME/release" ]] || fail "MAMORI_MACOS_RUNTIME=$RUNTIME is not a Java runtime image (bin/java and release are needed)"
  # jlink's release file names no OS unless told (--release-info); then bin/java's Mach-O header says.
  os="$(release_value "$RUNTIME/release" OS_NAME)"
  arch="$(release_value "$RUNTIME/release" OS_ARCH)"
  if [[ -z "$os" ]]; then
    arch="$(macho_arch "$RUNTIME/bin/java")"
    [[ -n "$arch" ]] && os=Darwin
  fi
  [[ "$os" == Darwin ]] || fail "MAMORI_MACOS_RUNTIME=$RUNTIME is not for macOS (its release file says OS_NAME=${os:-nothing} and bin/java is no Mach-O program)"
  step "runtime: $RUNTIME, as given"
  cp -R "$RUNTIME" "$HOME_DIR/runtime"
else
  MAC_JDK="${MAMORI_MACOS_JDK%/}"
  [[ -d "$MAC_JDK/Contents/Home/jmods" ]] && MAC_JDK="$MAC_JDK/Contents/Home"
  [[ -d "$MAC_JDK/jmods" && -f "$MAC_JDK/release" ]] || fail "MAMORI_MACOS_JDK=$MAC_JDK has no jmods/ and release: a full macOS JDK is needed"
  [[ "$(release_value "$MAC_JDK/release" OS_NAME)" == Darwin ]] || fail "MAMORI_MACOS_JDK=$MAC_JDK is not a macOS JDK (OS_NAME=$(release_value "$MAC_JDK/release" OS_NAME))"
  if on_mac; then
    JLINK_HOME="$MAC_JDK"
  elif [[ -n "${JAVA_HOME:-}" ]]; then
    JLINK_HOME="$JAVA_HOME"
  else
    java_binary="$(command -v java)" || fail "no java found for jlink: install a JDK or set JAVA_HOME"
    JLINK_HOME="$(dirname "$(dirname "$(readlink -f "$java_binary")")")"
  fi
  [[ -x "$JLINK_HOME/bin/jlink" ]] || fail "$JLINK_HOME has no jlink: a full JDK is needed"
  mac_version="$(release_value "$MAC_JDK/release" JAVA_VERSION)"
  local_version="$("$JLINK_HOME/bin/jlink" --version 2>/dev/null)"
  [[ "$mac_version" == "$local_version" ]] || fail "jlink $local_version (in $JLINK_HOME) links only jmods of the very same version; the macOS JDK is $mac_version: use a macOS JDK $local_version or set JAVA_HOME to a JDK $mac_version"
  arch="$(release_value "$MAC_JDK/release" OS_ARCH)"
  step "linking the runtime from $MAC_JDK (Java $mac_version, $arch) with the jlink of $JLINK_HOME"
  # OS_NAME and OS_ARCH written into the runtime's release file, which jlink leaves out by default
  "$JLINK_HOME/bin/jlink" --module-path "$MAC_JDK/jmods" --add-modules "$MODULES" \
    --strip-debug --no-header-files --no-man-pages --compress=2 --release-info "add:OS_NAME=Darwin:OS_ARCH=$arch" \
    --output "$HOME_DIR/runtime" >"$WORK/jlink.log" 2>&1 || fail "jlink failed: $(tail -n 5 "$WORK/jlink.log")"
  if on_mac; then
    "$HOME_DIR/runtime/bin/java" -Xshare:dump >"$WORK/cds.log" 2>&1 || step "no class-data archive for the runtime (see $WORK/cds.log)"
  fi
fi
case "$arch" in
  aarch64|arm64) ARCH=arm64 ;;
  x86_64|amd64) ARCH=x86_64 ;;
  universal) ARCH=arm64,x86_64 ;;
  *) fail "the runtime's architecture '$arch' (release file's OS_ARCH, or bin/java's Mach-O header) is neither aarch64 nor x86_64" ;;
esac
runtime_kb="$(du -sk "$HOME_DIR/runtime" | awk '{print $1}')"
step "mamori-agent $VERSION for macOS ($ARCH); runtime $((runtime_kb / 1024)) MiB"

# --- payload ----------------------------------------------------------------------------------
step "copying the agent"
cp "$AGENT/mamori-agent.jar" "$ROOT/agent/jvm.options" "$HOME_DIR/"
cp -R "$AGENT/lib" "$AGENT/agent-lib" "$HOME_DIR/"
mkdir -p "$HOME_DIR/policy" "$HOME_DIR/bin" "$STAGE/Library/LaunchDaemons" "$STAGE/Library/LaunchAgents"
cp "$POLICY" "$HOME_DIR/policy/default.json"
cp "$HERE/pkg/mamori-agent" "$HERE/pkg/uninstall" "$HOME_DIR/bin/"
cp "$PLISTS/jp.mamori.agent.plist" "$STAGE/Library/LaunchDaemons/"
cp "$PLISTS/jp.mamori.session-helper.plist" "$STAGE/Library/LaunchAgents/"
cp "$HERE/pkg/preinstall" "$HERE/pkg/postinstall" "$SCRIPTS/"

# Directories 0755, files 0644 but the programs 0755; nothing writable by group or others (launchd
# refuses such a plist).
find "$STAGE" "$SCRIPTS" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -exec chmod 0644 {} +
chmod 0755 "$HOME_DIR/bin/mamori-agent" "$HOME_DIR/bin/uninstall" "$SCRIPTS/preinstall" "$SCRIPTS/postinstall"
find "$HOME_DIR/runtime/bin" -type f -exec chmod 0755 {} +
[[ ! -f "$HOME_DIR/runtime/lib/jspawnhelper" ]] || chmod 0755 "$HOME_DIR/runtime/lib/jspawnhelper"

# --- signing the runtime (a Mac, an identity) ---------------------------------------------------
if [[ -n "${MAMORI_MACOS_CODESIGN_IDENTITY:-}" ]]; then
  on_mac || fail "MAMORI_MACOS_CODESIGN_IDENTITY is set, but codesign runs on a Mac only"
  step "signing the runtime's programs and libraries as $SIGNING_IDENTIFIER (hardened runtime)"
  # libraries first, the launcher last; jspawnhelper and the tools under bin/ are programs too
  find "$HOME_DIR/runtime" -type f \( -name '*.dylib' -o -name jspawnhelper \) -print0 | while IFS= read -r -d '' file; do
    codesign --force --timestamp --options runtime --sign "$MAMORI_MACOS_CODESIGN_IDENTITY" "$file"
  done
  find "$HOME_DIR/runtime/bin" -type f -print0 | while IFS= read -r -d '' file; do
    codesign --force --timestamp --options runtime --entitlements "$HERE/runtime.entitlements" \
      --identifier "$SIGNING_IDENTIFIER$( [[ "$(basename "$file")" == java ]] || echo ".$(basename "$file")" )" \
      --sign "$MAMORI_MACOS_CODESIGN_IDENTITY" "$file"
  done
  codesign --verify --strict --verbose=2 "$HOME_DIR/runtime/bin/java"
fi

installed_kb="$(du -sk "$STAGE" | awk '{print $1}')"
sed -e "s|@VERSION@|$VERSION|" -e "s|@INSTALL_KBYTES@|$installed_kb|" -e "s|@ARCH@|$ARCH|" \
  "$HERE/pkg/Distribution" > "$WORK/Distribution"

# --- on a Mac: the package itself ---------------------------------------------------------------
if on_mac; then
  PACKAGE="$OUT/mamori-agent-$VERSION-${ARCH/,/-}.pkg"
  mkdir -p "$WORK/components"
  step "pkgbuild"
  pkgbuild --root "$STAGE" --scripts "$SCRIPTS" --identifier "$IDENTIFIER" --version "$VERSION" \
    --install-location / --ownership recommended "$WORK/components/mamori-agent.pkg"
  step "productbuild"
  rm -f "$PACKAGE"
  productbuild --distribution "$WORK/Distribution" --package-path "$WORK/components" "$WORK/unsigned.pkg"
  if [[ -n "${MAMORI_MACOS_INSTALLER_IDENTITY:-}" ]]; then
    step "productsign"
    productsign --timestamp --sign "$MAMORI_MACOS_INSTALLER_IDENTITY" "$WORK/unsigned.pkg" "$PACKAGE"
    pkgutil --check-signature "$PACKAGE"
  else
    mv "$WORK/unsigned.pkg" "$PACKAGE"
    step "not signed (MAMORI_MACOS_INSTALLER_IDENTITY unset): Gatekeeper and MDM want a Developer ID Installer signature"
  fi
  if [[ -n "${MAMORI_MACOS_NOTARY_PROFILE:-}" ]]; then
    step "notarizing (notarytool, profile $MAMORI_MACOS_NOTARY_PROFILE)"
    xcrun notarytool submit "$PACKAGE" --keychain-profile "$MAMORI_MACOS_NOTARY_PROFILE" --wait
    xcrun stapler staple "$PACKAGE"
  fi
  package_kb="$(du -k "$PACKAGE" | awk '{print $1}')"
  {
    echo "package=$PACKAGE"
    echo "version=$VERSION"
    echo "arch=$ARCH"
    echo "runtime_kib=$runtime_kb"
    echo "installed_kib=$installed_kb"
    echo "package_kib=$package_kb"
  } > "$OUT/mamori-agent.pkg.properties"
  step "done: $PACKAGE ($((package_kb / 1024)) MiB; installed $((installed_kb / 1024)) MiB, of which the runtime $((runtime_kb / 1024)) MiB)"
  exit 0
fi

# --- elsewhere: the component parts -------------------------------------------------------------
command -v bsdtar >/dev/null 2>&1 || fail "bsdtar is needed for the Payload and Scripts archives (Debian: libarchive-tools)"
[[ -z "${MAMORI_MACOS_INSTALLER_IDENTITY:-}${MAMORI_MACOS_NOTARY_PROFILE:-}" ]] \
  || fail "MAMORI_MACOS_INSTALLER_IDENTITY/MAMORI_MACOS_NOTARY_PROFILE are set, but signing and notarizing need a Mac"

# mtree_path PATH: PATH as an mtree file names it (octal escapes for the backslash, spaces and tabs).
mtree_path() {
  printf '%s' "$1" | sed -e 's/\\/\\134/g' -e 's/ /\\040/g' -e "s/$(printf '\t')/\\\\011/g"
}
# mtree FOLDER: a spec of FOLDER's tree for bsdtar, every entry root:admin (0:80) as the bomutils
# tutorial's payloads are, modes as staged, one time for all (SOURCE_DATE_EPOCH, else now).
mtree() {
  local folder="$1" entry path when="${SOURCE_DATE_EPOCH:-$(date +%s)}"
  echo "#mtree"
  (cd "$folder" && find . | LC_ALL=C sort) | while IFS= read -r entry; do
    path="$(mtree_path "$entry")"
    if [[ -L "$folder/$entry" ]]; then
      printf '%s type=link uid=0 gid=80 mode=0755 time=%s.0 link=%s\n' "$path" "$when" "$(mtree_path "$(readlink "$folder/$entry")")"
    elif [[ -d "$folder/$entry" ]]; then
      printf '%s type=dir uid=0 gid=80 mode=0755 time=%s.0\n' "$path" "$when"
    else
      local mode=0644
      [[ ! -x "$folder/$entry" ]] || mode=0755
      printf '%s type=file uid=0 gid=80 mode=%s time=%s.0 contents=%s\n' "$path" "$mode" "$when" "$(mtree_path "$folder/${entry#./}")"
    fi
  done
}

rm -rf "$PARTS"
mkdir -p "$PARTS/mamori-agent.pkg"
step "Payload (cpio odc, gzip)"
mtree "$STAGE" > "$WORK/payload.mtree"
bsdtar --format odc -cf - "@$WORK/payload.mtree" | gzip -n -c > "$PARTS/mamori-agent.pkg/Payload"
step "Scripts (cpio odc, gzip)"
mtree "$SCRIPTS" > "$WORK/scripts.mtree"
bsdtar --format odc -cf - "@$WORK/scripts.mtree" | gzip -n -c > "$PARTS/mamori-agent.pkg/Scripts"
entries="$(grep -vc '^#' "$WORK/payload.mtree")"
cat > "$PARTS/mamori-agent.pkg/PackageInfo" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<pkg-info format-version="2" identifier="$IDENTIFIER" version="$VERSION" install-location="/" auth="root" relocatable="false" overwrite-permissions="true" postinstall-action="none" generator-version="mamori-build-pkg">
    <payload numberOfFiles="$entries" installKBytes="$installed_kb"/>
    <bundle-version/>
    <upgrade-bundle/>
    <update-bundle/>
    <atomic-update-bundle/>
    <strict-identifier/>
    <relocate/>
    <scripts>
        <preinstall file="./preinstall"/>
        <postinstall file="./postinstall"/>
    </scripts>
</pkg-info>
EOF
cp "$WORK/Distribution" "$PARTS/Distribution"
mv "$STAGE" "$PARTS/root"
mv "$SCRIPTS" "$PARTS/scripts"
cat > "$PARTS/README.txt" <<EOF
The parts of mamori-agent $VERSION ($ARCH) for macOS, built on $(uname -s) by installer/macos/build-pkg.sh.
Not an installable package: a flat .pkg is a xar archive of Distribution and mamori-agent.pkg/
{PackageInfo, Bom, Payload, Scripts}, and no Bom writer is to be had on this system. Build the .pkg on
a Mac (the same script runs pkgbuild and productbuild there).
  root/                       the payload tree, installed at / (the agent under $PREFIX)
  scripts/                    preinstall, postinstall
  mamori-agent.pkg/Payload    gzip'd cpio (odc) of root/, every entry root:admin (0:80)
  mamori-agent.pkg/Scripts    gzip'd cpio (odc) of scripts/
  mamori-agent.pkg/PackageInfo
  Distribution
EOF
payload_kb="$(du -k "$PARTS/mamori-agent.pkg/Payload" | awk '{print $1}')"
scripts_bytes="$(wc -c < "$PARTS/mamori-agent.pkg/Scripts" | tr -d ' ')"
{
  echo "parts=$PARTS"
  echo "version=$VERSION"
  echo "arch=$ARCH"
  echo "runtime_kib=$runtime_kb"
  echo "installed_kib=$installed_kb"
  echo "payload_kib=$payload_kb"
  echo "payload_entries=$entries"
  echo "scripts_bytes=$scripts_bytes"
} > "$OUT/mamori-agent.pkg-parts.properties"
step "done: the parts in $PARTS (Payload $((payload_kb / 1024)) MiB, $entries entries; installed $((installed_kb / 1024)) MiB, of which the runtime $((runtime_kb / 1024)) MiB)"
step "the .pkg itself is built on a Mac only: no Bom writer (mkbom) here"
