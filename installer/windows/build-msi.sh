#!/usr/bin/env bash
# Builds the agent's Windows Installer package (x64) from the built agent module (agent/target):
# a Java runtime for Windows, the agent's jars, the shipped policy, the MamoriAgent service, the
# session helper's Run value and the install/uninstall custom actions (mamori-agent.wxs), into
# target/packages/. Called by `./mamori package msi`, which builds the modules first; it can also be
# run alone once agent/target holds mamori-agent.jar, lib/ and agent-lib/. Runs on Linux with
# wixl 0.101 (Debian: wixl, msitools); docs/deploy.md says what has been tried where.
#
# The runtime (one of the two is needed; without either the package is not built, exit 3):
#   MAMORI_WINDOWS_JDK      a Windows JDK folder (17, with jmods/); this machine's jlink links the
#                           modules of installer/linux/modules from its jmods (same Java feature release)
#   MAMORI_WINDOWS_RUNTIME  a runtime image already linked for Windows (bin/java.exe, bin/javaw.exe)
# Optional:
#   JAVA_HOME                 the JDK whose jlink links (else the one of `java`)
#   MAMORI_MSI_VERSION        the product version, numeric a.b.c (else the project's without -SNAPSHOT)
#   MAMORI_PACKAGES_DIR       where the package goes (else target/packages under the repository)
#   MAMORI_SIGN_PFX           a PKCS#12 file: the package is Authenticode-signed with it (osslsigncode)
#   MAMORI_SIGN_PASSWORD_FILE the PFX's password, first line of this file
#   MAMORI_SIGN_TIMESTAMP_URL an RFC 3161 time-stamping server (the signature outlives the certificate)
# Exit codes: 0 built, 2 failed (the message says why), 3 no Windows runtime given.
# Progress goes to standard output, one line per step.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
HERE="$ROOT/installer/windows"
AGENT="$ROOT/agent/target"
OUT="${MAMORI_PACKAGES_DIR:-$ROOT/target/packages}"
WORK="$OUT/work/msi"
STAGE="$WORK/stage"
started=$SECONDS
# Component GUIDs are UUIDs version 5 (RFC 4122, SHA-1) of each installed path in this namespace:
# the same path gets the same GUID in every build, which Windows Installer's component rules want.
GUID_NAMESPACE=179f4510573f4d79b52a7d89848638ff
# The same in every version, for ever (mamori-agent.wxs has it too): how a newer MSI finds the older.
UPGRADE_CODE=31D8BA25-993A-4603-A98A-3AA91542468E

step() { printf '[msi %3ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() { printf 'build-msi: %s\n' "$*" >&2; exit 2; }

if [[ -z "${MAMORI_WINDOWS_JDK:-}" && -z "${MAMORI_WINDOWS_RUNTIME:-}" ]]; then
  printf 'build-msi: no Java runtime for Windows: set MAMORI_WINDOWS_JDK to a Windows JDK 17 folder (with jmods/) or MAMORI_WINDOWS_RUNTIME to a linked runtime image; the MSI is not built\n' >&2
  exit 3
fi
command -v wixl >/dev/null 2>&1 || fail "wixl is needed (Debian/Ubuntu: apt-get install wixl msitools)"
command -v msibuild >/dev/null 2>&1 || fail "msibuild is needed (Debian/Ubuntu: apt-get install msitools)"
command -v msiinfo >/dev/null 2>&1 || fail "msiinfo is needed (Debian/Ubuntu: apt-get install msitools)"
for input in "$AGENT/mamori-agent.jar" "$AGENT/lib" "$AGENT/agent-lib" "$ROOT/agent/jvm.options" \
    "$ROOT/console/src/main/resources/policies/default.json"; do
  [[ -e "$input" ]] || fail "$input is missing: build the agent first (./mamori package msi does)"
done
if [[ -n "${MAMORI_SIGN_PFX:-}" ]]; then
  command -v osslsigncode >/dev/null 2>&1 || fail "MAMORI_SIGN_PFX is set but osslsigncode is missing (Debian/Ubuntu: apt-get install osslsigncode)"
  [[ -r "$MAMORI_SIGN_PFX" ]] || fail "MAMORI_SIGN_PFX: cannot read $MAMORI_SIGN_PFX"
  [[ -z "${MAMORI_SIGN_PASSWORD_FILE:-}" || -r "$MAMORI_SIGN_PASSWORD_FILE" ]] || fail "MAMORI_SIGN_PASSWORD_FILE: cannot read $MAMORI_SIGN_PASSWORD_FILE"
fi

# --- version ----------------------------------------------------------------------------------
project_version="$(awk '/<artifactId>mamori-parent<\/artifactId>/ {found=1} found && /<version>/ {gsub(/.*<version>|<\/version>.*/, ""); print; exit}' "$ROOT/pom.xml")"
# Windows Installer versions are numeric, major.minor.build (each field compared for upgrades).
VERSION="${MAMORI_MSI_VERSION:-${project_version%%-*}}"
[[ "$VERSION" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || fail "'$VERSION' is not an MSI version (a.b.c, numbers)"
[[ "${BASH_REMATCH[1]}" -le 255 && "${BASH_REMATCH[2]}" -le 255 && "${BASH_REMATCH[3]}" -le 65535 ]] \
  || fail "'$VERSION': Windows Installer allows at most 255.255.65535"
PACKAGE="$OUT/mamori-agent-${VERSION}-x64.msi"

rm -rf "$WORK"
mkdir -p "$STAGE" "$OUT"

# --- the runtime ------------------------------------------------------------------------------
MODULES="$(grep -vE '^[[:space:]]*(#|$)' "$ROOT/installer/linux/modules" | awk '{print $1}' | paste -sd, -)"
if [[ -n "${MAMORI_WINDOWS_RUNTIME:-}" ]]; then
  step "mamori-agent $VERSION with the runtime image $MAMORI_WINDOWS_RUNTIME"
  [[ -f "$MAMORI_WINDOWS_RUNTIME/bin/java.exe" && -f "$MAMORI_WINDOWS_RUNTIME/bin/javaw.exe" ]] \
    || fail "MAMORI_WINDOWS_RUNTIME=$MAMORI_WINDOWS_RUNTIME has no bin/java.exe and bin/javaw.exe: not a Windows runtime image"
  cp -R "$MAMORI_WINDOWS_RUNTIME" "$STAGE/runtime"
else
  WINDOWS_JDK="$MAMORI_WINDOWS_JDK"
  [[ -f "$WINDOWS_JDK/jmods/java.base.jmod" ]] || fail "MAMORI_WINDOWS_JDK=$WINDOWS_JDK has no jmods/java.base.jmod: a full Windows JDK is needed"
  [[ -f "$WINDOWS_JDK/bin/java.exe" ]] || fail "MAMORI_WINDOWS_JDK=$WINDOWS_JDK has no bin/java.exe: not a Windows JDK"
  if [[ -n "${JAVA_HOME:-}" ]]; then
    JDK="$JAVA_HOME"
  else
    java_binary="$(command -v java)" || fail "no java found: install a JDK 17 or set JAVA_HOME"
    JDK="$(dirname "$(dirname "$(readlink -f "$java_binary")")")"
  fi
  [[ -x "$JDK/bin/jlink" ]] || fail "$JDK has no jlink: a full JDK is needed (Debian: openjdk-17-jdk-headless)"
  # jlink links only jmods of its own Java release
  here_major="$("$JDK/bin/jlink" --version | cut -d. -f1)"
  windows_version="$(awk -F'"' '/^JAVA_VERSION=/ {print $2; exit}' "$WINDOWS_JDK/release" 2>/dev/null || true)"
  [[ "${windows_version%%.*}" == "$here_major" ]] \
    || fail "the Windows JDK is Java ${windows_version:-?} and this jlink is Java $here_major: jlink links only its own release (set JAVA_HOME to a matching JDK)"
  step "mamori-agent $VERSION with a runtime linked from $WINDOWS_JDK (Java $windows_version)"
  # The same modules as the Linux runtime: the agent's Windows code is JNA, which needs nothing from
  # the JDK beyond them (jdk.crypto.mscapi is not added: nothing uses the Windows-ROOT key store).
  step "modules: $MODULES"
  step "linking the runtime (jlink)"
  "$JDK/bin/jlink" --module-path "$WINDOWS_JDK/jmods" --add-modules "$MODULES" \
    --strip-debug --no-header-files --no-man-pages --compress=2 \
    --output "$STAGE/runtime" >"$WORK/jlink.log" 2>&1 || fail "jlink failed: $(tail -n 5 "$WORK/jlink.log")"
  [[ -f "$STAGE/runtime/bin/java.exe" && -f "$STAGE/runtime/bin/javaw.exe" ]] || fail "jlink made no bin/java.exe and bin/javaw.exe"
  # No class-data archive (-Xshare:dump) as the .deb has: it has to be made by the Windows java.exe.
fi
runtime_kb="$(du -sk "$STAGE/runtime" | awk '{print $1}')"
step "runtime: $((runtime_kb / 1024)) MiB"

# --- payload --------------------------------------------------------------------------------
step "copying the agent"
cp "$AGENT/mamori-agent.jar" "$STAGE/"
cp -R "$AGENT/lib" "$AGENT/agent-lib" "$STAGE/"
mkdir -p "$STAGE/policy"
cp "$ROOT/console/src/main/resources/policies/default.json" "$STAGE/policy/default.json"

# --- command lines ------------------------------------------------------------------------------
# jvm.options, one option a word, as the .deb's unit has them.
options=""
while IFS= read -r option || [[ -n "$option" ]]; do
  option="${option#"${option%%[![:space:]]*}"}"
  option="${option%"${option##*[![:space:]]}"}"
  [[ -z "$option" || "$option" == \#* ]] && continue
  [[ "$option" != *[\ \"\[\]\{\}]* ]] || fail "jvm.options: '$option' holds a space, quote, bracket or brace; the service's command line cannot carry it"
  options="$options $option"
done < "$ROOT/agent/jvm.options"

# Windows Installer formatted text: [INSTALLDIR] ends in a backslash, so "[INSTALLDIR]x" is a path.
STATE_DIR='[CommonAppDataFolder]Mamori\agent'
AGENT_CP='[INSTALLDIR]mamori-agent.jar;[INSTALLDIR]agent-lib\*'
WORKER_CP='[INSTALLDIR]mamori-agent.jar;[INSTALLDIR]lib\*'
MAIN=io.mamori.agent.cli.AgentCommand
SERVICE_ARGUMENTS="-Xrs${options} \"-Dmamori.worker.class-path=$WORKER_CP\" -cp \"$AGENT_CP\" $MAIN service --state-dir \"$STATE_DIR\" --shipped-policy \"[INSTALLDIR]policy\\default.json\""
# The agent's command line as the custom actions run it, small as the .deb's mamori-agent command,
# through cmd.exe: /s /c strips the outer quotes and runs the rest, java.exe's output appended to
# the install log; cmd's exit code is java's.
CLI_START="/s /c \"\"[#JavaExe]\" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp \"$AGENT_CP\" $MAIN"
CLI_END=">> \"[CommonAppDataFolder]Mamori\\agent-install.log\" 2>&1\""
# The same value HelperAutostart.commandLine writes (agent/…/platform/windows/HelperAutostart.java).
HELPER_COMMAND="\"[INSTALLDIR]runtime\\bin\\javaw.exe\" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp \"$AGENT_CP\" $MAIN session-helper"

# --- one component per file ---------------------------------------------------------------------
# uuid5 NAME: the version-5 UUID of NAME in GUID_NAMESPACE, upper case as MSI writes GUIDs.
namespace_bytes="$(printf '%s' "$GUID_NAMESPACE" | sed 's/../\\x&/g')"
uuid5() {
  local hash variant
  # shellcheck disable=SC2059 # the namespace's bytes, as \xHH escapes
  hash="$({ printf "$namespace_bytes"; printf '%s' "$1"; } | sha1sum | cut -c1-32)"
  variant="$(printf '%x' $(( (0x${hash:16:1} & 0x3) | 0x8 )))"
  hash="${hash:0:12}5${hash:13:3}${variant}${hash:17:15}"
  printf '%s-%s-%s-%s-%s\n' "${hash:0:8}" "${hash:8:4}" "${hash:12:4}" "${hash:16:4}" "${hash:20:12}" | tr a-f A-F
}
xml_escape() {
  local text="$1"
  text="${text//&/&amp;}"; text="${text//</&lt;}"; text="${text//>/&gt;}"; text="${text//\"/&quot;}"
  printf '%s' "$text"
}
component_ids=()
# contents REL INDENT: the components of the files in STAGE/REL and a <Directory> per folder, except
# what mamori-agent.wxs declares itself (runtime, runtime\bin, java.exe, javaw.exe).
contents() {
  local rel="$1" indent="$2" entry name path guid id
  for entry in "$STAGE${rel:+/$rel}"/*; do
    [[ -e "$entry" ]] || continue
    name="${entry##*/}"
    path="${rel:+$rel/}$name"
    [[ -f "$entry" ]] || continue
    case "$path" in runtime/bin/java.exe|runtime/bin/javaw.exe) continue ;; esac
    guid="$(uuid5 "file:$path")"
    id="c${guid//-/}"
    component_ids+=("$id")
    printf '%s<Component Id="%s" Guid="%s" Win64="yes"><File Id="f%s" Name="%s" Source="%s" KeyPath="yes"/></Component>\n' \
      "$indent" "$id" "$guid" "${guid//-/}" "$(xml_escape "$name")" "$(xml_escape "stage/$path")"
  done
  for entry in "$STAGE${rel:+/$rel}"/*; do
    [[ -d "$entry" ]] || continue
    name="${entry##*/}"
    path="${rel:+$rel/}$name"
    case "$path" in runtime|runtime/bin) continue ;; esac
    guid="$(uuid5 "folder:$path")"
    printf '%s<Directory Id="d%s" Name="%s">\n' "$indent" "${guid//-/}" "$(xml_escape "$name")"
    contents "$path" "$indent  "
    printf '%s</Directory>\n' "$indent"
  done
}
step "listing the files (one component each)"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<!-- Generated by installer/windows/build-msi.sh: one component per installed file. -->'
  echo '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi"><Fragment>'
  echo '<DirectoryRef Id="INSTALLDIR">'; contents "" "  "; echo '</DirectoryRef>'
  echo '<DirectoryRef Id="RuntimeFolder">'; contents runtime "  "; echo '</DirectoryRef>'
  echo '<DirectoryRef Id="RuntimeBinFolder">'; contents runtime/bin "  "; echo '</DirectoryRef>'
  echo '</Fragment><Fragment><ComponentGroup Id="AgentFiles">'
  for id in "${component_ids[@]}"; do echo "  <ComponentRef Id=\"$id\"/>"; done
  echo '</ComponentGroup></Fragment></Wix>'
} > "$WORK/files.wxs"
file_count=$(( ${#component_ids[@]} + 2 ))
step "$file_count files"

# --- the package --------------------------------------------------------------------------------
step "building the package (wixl)"
UNSIGNED="$WORK/unsigned.msi"
# wixl takes Source= paths relative to the folder it runs in (not absolute ones)
(cd "$WORK" && wixl -a x64 -o "$UNSIGNED" \
  -D "Version=$VERSION" -D "Stage=stage" \
  -D "ServiceComponentGuid=$(uuid5 "file:runtime/bin/java.exe")" \
  -D "HelperComponentGuid=$(uuid5 "file:runtime/bin/javaw.exe")" \
  -D "ServiceArguments=$SERVICE_ARGUMENTS" -D "CliStart=$CLI_START" -D "CliEnd=$CLI_END" \
  -D "DataFolderComponentGuid=$(uuid5 "folder:ProgramData/Mamori")" -D "HelperCommand=$HELPER_COMMAND" \
  "$HERE/mamori-agent.wxs" "$WORK/files.wxs") >"$WORK/wixl.log" 2>&1 || fail "wixl failed: $(tail -n 5 "$WORK/wixl.log")"

# What wixl 0.101 cannot say in the source (mamori-agent.wxs), set in the tables with SQL:
sql() { msibuild "$UNSIGNED" -q "$1" >>"$WORK/msibuild.log" 2>&1 || fail "msibuild could not run: $1"; }
# the public properties are secure (handed to the elevated part of the install) …
sql "UPDATE \`Property\` SET \`Value\` = 'WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;CONSOLEURL;ENROLLTOKEN;CONSOLEFINGERPRINT;UNINSTALLTOKENSHA256;UNINSTALLTOKEN' WHERE \`Property\` = 'SecureCustomProperties'"
# … a build of the same version upgrades: VersionMax inclusive (0x200) on the upgrade row, the
# downgrade row from after this version, not from it (Attributes is in the key: delete, insert) …
sql "DELETE FROM \`Upgrade\` WHERE \`ActionProperty\` = 'WIX_UPGRADE_DETECTED'"
sql "DELETE FROM \`Upgrade\` WHERE \`ActionProperty\` = 'WIX_DOWNGRADE_DETECTED'"
sql "INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMax\`, \`Attributes\`, \`ActionProperty\`) VALUES ('{$UPGRADE_CODE}', '$VERSION', 513, 'WIX_UPGRADE_DETECTED')"
sql "INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMin\`, \`Attributes\`, \`ActionProperty\`) VALUES ('{$UPGRADE_CODE}', '$VERSION', 0, 'WIX_DOWNGRADE_DETECTED')"
# … and msidbCustomActionTypeHideTarget (0x2000): Windows Installer does not log the command line of
# the actions that carry a token (wixl 0.101 has no HideTarget attribute).
for action in UninstallCheck Enroll EnrollPinned; do
  type="$(msiinfo export "$UNSIGNED" CustomAction | tr -d '\r' | awk -F'\t' -v a="$action" '$1 == a {print $2}')"
  [[ -n "$type" ]] || fail "no custom action $action in the package"
  sql "UPDATE \`CustomAction\` SET \`Type\` = $(( type | 0x2000 )) WHERE \`Action\` = '$action'"
done
# wixl sets msidbCustomActionTypeNoImpersonate (0x800) on every action; it means something only
# for deferred ones, so the immediate ones go without it, as WiX writes them.
for action in SetCmd UninstallCheck; do
  type="$(msiinfo export "$UNSIGNED" CustomAction | tr -d '\r' | awk -F'\t' -v a="$action" '$1 == a {print $2}')"
  sql "UPDATE \`CustomAction\` SET \`Type\` = $(( type & ~0x800 )) WHERE \`Action\` = '$action'"
done
# Every custom action must sit before InstallFinalize; a deferred one after it is invalid (mamori-agent.wxs).
msiinfo export "$UNSIGNED" InstallExecuteSequence | tr -d '\r' > "$WORK/InstallExecuteSequence.idt"
finalize="$(awk -F'\t' '$1 == "InstallFinalize" {print $3}' "$WORK/InstallExecuteSequence.idt")"
for action in UninstallCheck UninstallHash Enroll EnrollPinned; do
  at="$(awk -F'\t' -v a="$action" '$1 == a {print $3}' "$WORK/InstallExecuteSequence.idt")"
  [[ -n "$at" && "$at" -lt "$finalize" ]] || fail "$action is sequenced at ${at:-nowhere}, not before InstallFinalize ($finalize)"
done

if [[ -n "${MAMORI_SIGN_PFX:-}" ]]; then
  step "signing (osslsigncode, Authenticode SHA-256)"
  sign=(osslsigncode sign -pkcs12 "$MAMORI_SIGN_PFX" -h sha256 -n "Mamori Agent")
  [[ -z "${MAMORI_SIGN_PASSWORD_FILE:-}" ]] || sign+=(-readpass "$MAMORI_SIGN_PASSWORD_FILE")
  [[ -z "${MAMORI_SIGN_TIMESTAMP_URL:-}" ]] || sign+=(-ts "$MAMORI_SIGN_TIMESTAMP_URL")
  rm -f "$WORK/signed.msi"
  "${sign[@]}" -in "$UNSIGNED" -out "$WORK/signed.msi" >"$WORK/sign.log" 2>&1 || fail "signing failed: $(tail -n 5 "$WORK/sign.log")"
  mv "$WORK/signed.msi" "$PACKAGE"
  signed=yes
else
  mv "$UNSIGNED" "$PACKAGE"
  signed=no
fi

product_code="$(msiinfo export "$PACKAGE" Property | tr -d '\r' | awk -F'\t' '$1 == "ProductCode" {print $2}')"
package_kb="$(du -k "$PACKAGE" | awk '{print $1}')"
installed_kb="$(du -sk "$STAGE" | awk '{print $1}')"
{
  echo "package=$PACKAGE"
  echo "version=$VERSION"
  echo "product_code=$product_code"
  echo "upgrade_code={$UPGRADE_CODE}"
  echo "files=$file_count"
  echo "signed=$signed"
  echo "runtime_kib=$runtime_kb"
  echo "installed_kib=$installed_kb"
  echo "package_kib=$package_kb"
} > "$OUT/mamori-agent.msi.properties"
step "done: $PACKAGE ($((package_kb / 1024)) MiB; installed $((installed_kb / 1024)) MiB, of which the runtime $((runtime_kb / 1024)) MiB; product code $product_code; signed: $signed)"
