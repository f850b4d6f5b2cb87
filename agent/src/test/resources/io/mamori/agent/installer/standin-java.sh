#!/bin/sh
# MsiPackageIT's stand-in, Unix half (tests only; standin-java.c is the Windows half and explains
# both): the arguments' Windows paths (C:\..., Z:\..., ';'-separated class paths ending in \*)
# become Unix paths (winepath -u), this machine's JDK runs the agent's real command line, and the
# output and exit code go to the files STANDIN_OUTPUT and STANDIN_EXIT name, for java.exe to pass on.
JAVA='@JAVA@'
export WINEPREFIX='@WINEPREFIX@'
export MAMORI_LANG=en
paths() {
  out="" rest="$1"
  while :; do
    element="${rest%%;*}" star=""
    case "$element" in *'\*') element="${element%??}" star="/*" ;; esac
    # realpath: winepath answers through dosdevices/c:, whose colon would split a class path
    out="$out${out:+:}$(realpath -m "$(winepath -u "$element" 2>/dev/null)")$star"
    [ "$rest" = "${rest#*;}" ] && break
    rest="${rest#*;}"
  done
  printf '%s' "$out"
}
translate() {
  case "$1" in
    -D*=[A-Za-z]:\\*) printf '%s=%s' "${1%%=*}" "$(paths "${1#*=}")" ;;
    [A-Za-z]:\\*) paths "$1" ;;
    *) printf '%s' "$1" ;;
  esac
}
count=$#
while [ "$count" -gt 0 ]; do
  argument="$(translate "$1")"; shift; set -- "$@" "$argument"; count=$((count - 1))
done
if [ -n "${STANDIN_OUTPUT:-}" ]; then
  "$JAVA" "$@" > "$(realpath -m "$(winepath -u "$STANDIN_OUTPUT" 2>/dev/null)")" 2>&1
else
  "$JAVA" "$@"
fi
status=$?
if [ -n "${STANDIN_EXIT:-}" ]; then
  marker="$(realpath -m "$(winepath -u "$STANDIN_EXIT" 2>/dev/null)")"
  echo "$status" > "$marker.tmp" && mv "$marker.tmp" "$marker"
fi
exit "$status"
