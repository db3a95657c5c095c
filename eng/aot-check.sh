#!/usr/bin/env bash
# NativeAOT check: publishes tests/AotSmoke (which references every runtime package under src/) NativeAOT
# (PublishAot=true) for linux-x64, fails on any trim/AOT warning (IL2xxx/IL3xxx), then runs the native binary, which
# writes rows through the SQLite provider into a temp file and, when BATCHFLOW_POSTGRES is set (eng/postgres.sh
# exports it), through PostgreSQL too, and checks what was stored. Exits 0 only if all of that holds.
#
# NativeAOT needs clang and zlib's headers to link: installed from Debian's packages when missing (as root,
# non-interactive). The ILCompiler packages come through the normal restore; the SDK picks their version.
# Set BATCHFLOW_KEEP_TEMP=1 to keep the publish log.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

project=tests/AotSmoke/AotSmoke.csproj
rid=linux-x64

fail() {
  echo "aot-check: FAILED: $*" >&2
  exit 1
}

work="$(mktemp -d "${TMPDIR:-/tmp}/batchflow-aot-check.XXXXXX")"
if [ "${BATCHFLOW_KEEP_TEMP:-0}" = "1" ]; then
  echo "aot-check: keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi

# --- native toolchain ---------------------------------------------------------------------------------------------
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
# zlib1g-dev provides the static libz the runtime links against.
if ! dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q 'install ok installed'; then
  missing+=(zlib1g-dev)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || fail "NativeAOT needs ${missing[*]}; install them (apt-get install clang zlib1g-dev) or run as root"
  echo "aot-check: installing ${missing[*]} from Debian's packages (log: $work/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends clang zlib1g-dev >"$work/apt.log" 2>&1; then
    # A fresh machine may have no package lists yet.
    apt-get update >>"$work/apt.log" 2>&1 &&
      apt-get install -y --no-install-recommends clang zlib1g-dev >>"$work/apt.log" 2>&1 ||
      { tail -n 20 "$work/apt.log" >&2; fail "apt-get install clang zlib1g-dev failed (log above)"; }
  fi
fi

# --- coverage: every runtime package must be in the smoke app -----------------------------------------------------
# Not fatal: a package added under src/ is named here until tests/AotSmoke references and exercises it.
for candidate in src/*/*.csproj; do
  if ! grep -qF "$(basename "$candidate")" "$project"; then
    echo "aot-check: NOTE: $candidate is not referenced by $project, so NativeAOT does not check it; reference it there and use it in Program.cs"
  fi
done

# --- publish ------------------------------------------------------------------------------------------------------
log="$work/publish.log"
out="$work/publish"
# PublishAot=true is set in the project itself: as `-p:PublishAot=true` it would be a global property, flow into
# every referenced project and fail the netstandard2.0 generator's restore (NETSDK1207). The check below makes
# sure the result is a native binary all the same.
echo "aot-check: dotnet publish $project -c Release -r $rid (PublishAot=true)"
dotnet publish "$project" -c Release -r "$rid" -o "$out" -nologo -v minimal -tl:off >"$log" 2>&1
status=$?
# Trim and AOT analysis warnings (IL2026, IL3050, ...) fail the check whatever the exit code says.
il_warnings="$(grep -E '\bIL[23][0-9]{3}\b' "$log" | sort -u)"
if [ -n "$il_warnings" ]; then
  echo "$il_warnings" >&2
  fail "the NativeAOT publish reported trim/AOT warnings (above); there must be none"
fi
if [ "$status" -ne 0 ]; then
  tail -n 40 "$log" >&2
  fail "dotnet publish exited with $status (log above)"
fi
binary="$out/AotSmoke"
[ -x "$binary" ] || fail "no native binary at $binary"
# A NativeAOT binary is not a managed app: no AotSmoke.dll beside it.
[ ! -f "$out/AotSmoke.dll" ] || fail "$out holds AotSmoke.dll: the publish was not NativeAOT"

# --- run ----------------------------------------------------------------------------------------------------------
if [ -z "${BATCHFLOW_POSTGRES:-}" ]; then
  echo "aot-check: BATCHFLOW_POSTGRES is not set: the PostgreSQL provider is not run (source eng/postgres.sh first)"
fi
echo "aot-check: running the native binary ($(du -h "$binary" | cut -f1))"
"$binary"
status=$?
[ "$status" -eq 0 ] || fail "the native AotSmoke binary exited with $status"
echo "aot-check: OK (no IL2xxx/IL3xxx warning; the native binary's checks passed)"
