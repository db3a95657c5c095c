#!/usr/bin/env bash
# The schema check as a user gets it from the packages: a project that references BatchFlow.Generated.Sqlite from the
# local feed pack-check.sh made, with eng/schema-consumer/batchflow.schema as an <AdditionalFiles> item,
#   1. with one record per mistake (eng/schema-consumer/Mistakes.cs.markup) gets exactly the diagnostics marked there,
#      each at the marked place and with its severity, and nothing else;
#   2. with the records fixed (Fixed.cs, plus one that matched from the start) builds with no diagnostic at all.
# Usage: eng/schema-consumer-check.sh WORK_DIR VERSION  (WORK_DIR holds pack-check's NuGet.config and packages folder)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$1"
version="$2"
inputs="$root/eng/schema-consumer"
consumer="$work/schema-consumer"
logs="$work/logs"
mkdir -p "$consumer" "$logs"

fail() {
  echo "schema-consumer-check: FAILED: $*" >&2
  exit 1
}

cp "$root/global.json" "$consumer/" 2>/dev/null || true
cp "$inputs/batchflow.schema" "$consumer/batchflow.schema"
cat >"$consumer/SchemaConsumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="BatchFlow.Generated.Sqlite" Version="[$version]" />
    <AdditionalFiles Include="batchflow.schema" />
  </ItemGroup>
</Project>
XML

# 1. the mistakes
expected="$(python3 "$inputs/expected.py" "$inputs/Mistakes.cs.markup" "$consumer/Mistakes.cs")" ||
  fail "could not prepare Mistakes.cs"
echo "schema-consumer-check: building the records with mistakes (expecting $(echo "$expected" | wc -l) diagnostics)"
(cd "$consumer" && dotnet build -c Release -nologo -v minimal -tl:off) >"$logs/schema-consumer-mistakes.log" 2>&1
status=$?
[ "$status" -ne 0 ] || fail "the records with mistakes built without an error"
# MSBuild prints each diagnostic twice (as it happens and in the summary), with the full path: keep file(line,col),
# severity and ID, once.
actual="$(grep -oE '[^/ ]+\.cs\([0-9]+,[0-9]+\): (error|warning) [A-Z]+[0-9]+' "$logs/schema-consumer-mistakes.log" | sort -u)"
if [ "$actual" != "$expected" ]; then
  echo "expected:" >&2; echo "$expected" | sed 's/^/  /' >&2
  echo "got:" >&2; echo "$actual" | sed 's/^/  /' >&2
  grep -E 'error|warning' "$logs/schema-consumer-mistakes.log" | sort -u | head -n 40 >&2
  fail "the diagnostics of the records with mistakes differ from those marked in Mistakes.cs.markup"
fi
echo "$actual" | sed 's/^/  /'

# 2. the same records fixed
rm "$consumer/Mistakes.cs"
cp "$inputs/Fixed.cs" "$consumer/Fixed.cs"
echo "schema-consumer-check: building the fixed records"
if ! (cd "$consumer" && dotnet build -c Release -nologo -v minimal -tl:off) >"$logs/schema-consumer-fixed.log" 2>&1; then
  grep -E 'error|warning' "$logs/schema-consumer-fixed.log" | sort -u | head -n 40 >&2
  fail "the fixed records did not build"
fi
found="$(grep -iE 'warn(ing)?\b' "$logs/schema-consumer-fixed.log" | grep -viE '^[[:space:]]*0 warning\(s\)' || true)"
[ -z "$found" ] || { echo "$found" >&2; fail "the fixed records built with warnings (above)"; }
echo "schema-consumer-check: OK (each mistake reported where marked; the fixed records build clean)"
