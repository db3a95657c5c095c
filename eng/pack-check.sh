#!/usr/bin/env bash
# Packs every runtime package (src/*/*.csproj, Release) into a temporary local feed and checks them as a user
# would get them:
#   1. `dotnet pack` prints no warning at all;
#   2. each .nupkg carries its project's README.md (and names it as the package readme), a repository URL and
#      commit, tags, and a .snupkg with its PDBs beside it; the core carries the generator (analyzers/dotnet/cs);
#   3. every package that depends on BatchFlow.Generated excludes no assets from it (a default ProjectReference
#      writes exclude="Build,Analyzers", which drops the generator once NuGet honours it: NuGet/Home#6279);
#   4. a throwaway console project that references ONLY BatchFlow.Generated.Sqlite, restored from the local feed
#      and the repository's package source into an empty packages folder, declares a [BatchTable] record, writes
#      rows through the generated UserFlow.Sqlite(...) into a temp SQLite file and reads the count back;
#   5. a second consumer with a schema snapshot gets each schema diagnostic where it belongs, and builds clean once
#      its records are fixed (eng/schema-consumer-check.sh);
#   6. the batchflow dotnet tool (BatchFlow.Generated.Tool), installed from the local feed with `dotnet tool install`,
#      pulls a snapshot from a DDL file and checks it.
# Needs only the .NET SDK and the package source in NuGet.config. Exits non-zero, with the reason, on any failure.
# Set BATCHFLOW_KEEP_TEMP=1 to keep the temporary folder (feed, consumer, logs) for a look afterwards.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/batchflow-pack-check.XXXXXX")"
if [ "${BATCHFLOW_KEEP_TEMP:-0}" = "1" ]; then
  echo "pack-check: keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
feed="$work/feed"
logs="$work/logs"
mkdir -p "$feed" "$logs"

fail() {
  echo "pack-check: FAILED: $*" >&2
  exit 1
}

# Prints a log's lines that mention a warning (MSBuild's "warning XX1234:" and NuGet's "warn :" alike), ignoring
# the "0 Warning(s)" summary line.
warnings_in() {
  grep -iE 'warn(ing)?\b' "$1" | grep -viE '^[[:space:]]*0 warning\(s\)' || true
}

# --- 1. pack ------------------------------------------------------------------------------------------------------
mapfile -t projects < <(find src -mindepth 2 -maxdepth 2 -name '*.csproj' | sort)
[ "${#projects[@]}" -gt 0 ] || fail "no project found under src/*/"

pairs=()   # "nupkg|readme" for the inspector
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  dir="$(dirname "$project")"
  out="$work/pack/$name"
  log="$logs/pack-$name.log"
  echo "pack-check: packing $project"
  [ -f "$dir/README.md" ] || fail "$project: no $dir/README.md (every runtime package ships its own README)"
  if ! dotnet pack "$project" -c Release -o "$out" -nologo -v minimal -tl:off >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "dotnet pack $project failed (log above)"
  fi
  found="$(warnings_in "$log")"
  if [ -n "$found" ]; then
    echo "$found" >&2
    fail "dotnet pack $project printed warnings (above); pack must print none"
  fi
  mapfile -t nupkgs < <(find "$out" -maxdepth 1 -name '*.nupkg' ! -name '*.symbols.nupkg')
  [ "${#nupkgs[@]}" -eq 1 ] || fail "$project: expected one .nupkg in $out, found ${#nupkgs[@]}"
  cp "$out"/*.nupkg "$out"/*.snupkg "$feed"/ 2>/dev/null
  pairs+=("$feed/$(basename "${nupkgs[0]}")|$root/$dir/README.md")
done

# --- 2. and 3. what is inside -------------------------------------------------------------------------------------
# A file-based C# program (dotnet run file.cs): reads the packages with System.IO.Compression and the nuspec with
# System.Xml.Linq, so the check needs no unzip.
repository_url="$(dotnet msbuild "${projects[0]}" -getProperty:BatchFlowRepositoryUrl -nologo 2>/dev/null | tr -d '\r')"
[ -n "$repository_url" ] || fail "could not read BatchFlowRepositoryUrl from Directory.Build.props"
mkdir -p "$work/inspect"
# Stops the SDK's search for Directory.Build.props/targets above the temp folder (NuGet.config comes below).
for f in Directory.Build.props Directory.Build.targets; do echo '<Project />' >"$work/$f"; done
cat >"$work/inspect/inspect.cs" <<'EOF'
#:property PublishAot=false
#:property TreatWarningsAsErrors=true
using System.IO.Compression;
using System.Xml.Linq;

var repositoryUrl = args[0];
var problems = new List<string>();
foreach (var pair in args.Skip(1))
{
    var parts = pair.Split('|');
    var (nupkg, readme) = (parts[0], parts[1]);
    var file = Path.GetFileName(nupkg);
    using var zip = ZipFile.OpenRead(nupkg);
    var nuspecEntry = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
    XDocument nuspec;
    using (var stream = nuspecEntry.Open()) { nuspec = XDocument.Load(stream); }
    var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    XElement? Meta(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);
    var id = Meta("id")?.Value ?? "?";

    if (Meta("readme")?.Value != "README.md") problems.Add($"{file}: the nuspec names no <readme>README.md</readme>");
    var readmeEntry = zip.GetEntry("README.md");
    if (readmeEntry is null) problems.Add($"{file}: no README.md at the package root");
    else
    {
        using var reader = new StreamReader(readmeEntry.Open());
        if (reader.ReadToEnd() != File.ReadAllText(readme)) problems.Add($"{file}: README.md differs from {readme}");
    }

    var repository = Meta("repository");
    if (repository?.Attribute("url")?.Value != repositoryUrl) problems.Add($"{file}: <repository url> is not {repositoryUrl}");
    if (repository?.Attribute("type")?.Value != "git") problems.Add($"{file}: <repository type> is not git");
    if (string.IsNullOrEmpty(repository?.Attribute("commit")?.Value)) problems.Add($"{file}: <repository> names no commit");
    if (Meta("projectUrl")?.Value != repositoryUrl) problems.Add($"{file}: <projectUrl> is not {repositoryUrl}");
    if (string.IsNullOrWhiteSpace(Meta("tags")?.Value)) problems.Add($"{file}: no <tags>");
    if (string.IsNullOrWhiteSpace(Meta("description")?.Value)) problems.Add($"{file}: no <description>");

    // A dotnet tool carries its assemblies under tools/, with its dependencies' beside them: only ours have PDBs.
    var isTool = Meta("packageTypes")?.Elements().Any(e => e.Attribute("name")?.Value == "DotnetTool") == true;
    var assemblies = isTool ? "tools/" : "lib/";
    var snupkg = Path.ChangeExtension(nupkg, ".snupkg");
    if (!File.Exists(snupkg)) problems.Add($"{file}: no symbol package {Path.GetFileName(snupkg)} beside it");
    else
    {
        using var symbols = ZipFile.OpenRead(snupkg);
        var dlls = zip.Entries.Count(e => e.FullName.StartsWith(assemblies, StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)
            && (!isTool || Path.GetFileName(e.FullName).StartsWith("BatchFlow.", StringComparison.Ordinal)));
        var pdbs = symbols.Entries.Count(e => e.FullName.StartsWith(assemblies, StringComparison.Ordinal) && e.FullName.EndsWith(".pdb", StringComparison.Ordinal));
        if (dlls == 0 || pdbs != dlls) problems.Add($"{file}: {dlls} {assemblies} assemblies of ours but {pdbs} PDBs in the symbol package");
    }

    var coreDependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency" && e.Attribute("id")?.Value == "BatchFlow.Generated").ToList();
    if (id == "BatchFlow.Generated")
    {
        if (zip.GetEntry("analyzers/dotnet/cs/BatchFlow.Generated.Generators.dll") is null)
            problems.Add($"{file}: the generator is not at analyzers/dotnet/cs/BatchFlow.Generated.Generators.dll");
    }
    else if (!isTool && coreDependencies.Count == 0)
    {
        problems.Add($"{file}: does not depend on BatchFlow.Generated");
    }

    foreach (var dependency in coreDependencies)
    {
        var group = dependency.Parent?.Attribute("targetFramework")?.Value ?? "any framework";
        var exclude = dependency.Attribute("exclude")?.Value;
        var include = dependency.Attribute("include")?.Value;
        if (!string.IsNullOrEmpty(exclude))
            problems.Add($"{file} ({group}): depends on BatchFlow.Generated with exclude=\"{exclude}\": the generator would not reach a user who installs only {id}");
        if (include is not null && !include.Split(',').Any(a => a.Trim() is "All" or "Analyzers"))
            problems.Add($"{file} ({group}): depends on BatchFlow.Generated with include=\"{include}\", which leaves out the analyzers");
    }

    Console.WriteLine($"  {id}: readme, repository, tags, symbols{(coreDependencies.Count > 0 ? ", dependency on BatchFlow.Generated with every asset" : "")}");
}

foreach (var problem in problems) Console.Error.WriteLine("  " + problem);
return problems.Count == 0 ? 0 : 1;
EOF
echo "pack-check: inspecting the packages"
if ! (cd "$work/inspect" && dotnet run inspect.cs -- "$repository_url" "${pairs[@]}") >"$logs/inspect.log" 2>&1; then
  cat "$logs/inspect.log" >&2
  fail "the packages lack what they must carry (above)"
fi
cat "$logs/inspect.log"

# --- 4. consume ---------------------------------------------------------------------------------------------------
# The repository's package source (the first <add value="..."/> in NuGet.config), beside the local feed. Package
# source mapping sends our ids to the local feed only, so nothing else can answer for them; an empty packages
# folder makes the restore take them from the feed, not from a cache.
mirror="$(grep -o '<add [^>]*value="[^"]*"' NuGet.config | head -n 1 | sed 's/.*value="\([^"]*\)".*/\1/')"
[ -n "$mirror" ] || fail "no package source found in $root/NuGet.config"
sqlite_nupkg="$(find "$feed" -maxdepth 1 -name 'BatchFlow.Generated.Sqlite.[0-9]*.nupkg' | head -n 1)"
[ -n "$sqlite_nupkg" ] || fail "no BatchFlow.Generated.Sqlite package was packed"
version="$(basename "$sqlite_nupkg" .nupkg)"
version="${version#BatchFlow.Generated.Sqlite.}"

consumer="$work/consumer"
mkdir -p "$consumer"
cp global.json "$consumer/" 2>/dev/null || true
cat >"$work/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="mirror" value="$mirror" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local">
      <package pattern="BatchFlow.Generated" />
      <package pattern="BatchFlow.Generated.*" />
    </packageSource>
    <packageSource key="mirror">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF
cat >"$consumer/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <!-- One provider package and nothing else: the core and its generator must come with it. -->
    <PackageReference Include="BatchFlow.Generated.Sqlite" Version="[$version]" />
  </ItemGroup>
</Project>
EOF
cat >"$consumer/User.cs" <<'EOF'
using BatchFlow;

namespace Consumer;

[BatchTable("users", Conflict.Ignore)]
public partial record User([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);
EOF
cat >"$consumer/Program.cs" <<'EOF'
using Consumer;
using Microsoft.Data.Sqlite;

const int Rows = 250;
var connectionString = new SqliteConnectionStringBuilder { DataSource = args[0] }.ToString();
using (var connection = new SqliteConnection(connectionString))
{
    connection.Open();
    using var create = connection.CreateCommand();
    create.CommandText = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL)";
    create.ExecuteNonQuery();
}

await using (var users = UserFlow.Sqlite(connectionString))   // generated from the package's analyzer
{
    for (var id = 1; id <= Rows; id++)
    {
        await users.SubmitAsync(new User(id, $"user {id}", id % 2 == 0 ? null : $"user{id}@example.com", DateTime.UtcNow));
    }
}

using (var connection = new SqliteConnection(connectionString))
{
    connection.Open();
    using var count = connection.CreateCommand();
    count.CommandText = "SELECT COUNT(*) FROM users";
    Console.WriteLine($"rows read back: {Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)}");
}
EOF

echo "pack-check: building a consumer that references only BatchFlow.Generated.Sqlite $version"
if ! (cd "$consumer" && dotnet build -c Release -nologo -v minimal -tl:off) >"$logs/consumer-build.log" 2>&1; then
  tail -n 40 "$logs/consumer-build.log" >&2
  fail "the consumer did not build from the packages (log above)"
fi
found="$(warnings_in "$logs/consumer-build.log")"
if [ -n "$found" ]; then
  echo "$found" >&2
  fail "building the consumer printed warnings (above)"
fi
assets="$consumer/obj/project.assets.json"
grep -q '"analyzers/dotnet/cs/BatchFlow.Generated.Generators.dll"' "$assets" ||
  fail "the consumer's restore did not bring the generator (no analyzers/dotnet/cs/BatchFlow.Generated.Generators.dll in $assets)"
[ -d "$work/packages/batchflow.generated" ] ||
  fail "BatchFlow.Generated was not restored into the empty packages folder $work/packages"

echo "pack-check: running the consumer"
output="$(cd "$consumer" && dotnet "bin/Release/net10.0/Consumer.dll" "$work/consumer.db" 2>&1)"
status=$?
echo "$output" | sed 's/^/  /'
[ "$status" -eq 0 ] || fail "the consumer exited with $status"
echo "$output" | grep -qx 'rows read back: 250' || fail "the consumer did not read back the 250 rows it wrote"

# --- 5. the schema check from the packages (eng/schema-consumer-check.sh) ------------------------------------------
bash "$root/eng/schema-consumer-check.sh" "$work" "$version" || fail "the schema-check consumer failed (above)"

# --- 6. the tool -------------------------------------------------------------------------------------------------
# The batchflow dotnet tool, installed from the local feed as a user installs it, pulls a snapshot from a DDL file
# (an in-memory SQLite database: no server) and checks it.
tool_nupkg="$(find "$feed" -maxdepth 1 -name 'BatchFlow.Generated.Tool.[0-9]*.nupkg' | head -n 1)"
[ -n "$tool_nupkg" ] || fail "no BatchFlow.Generated.Tool package was packed"
tools="$work/tools"
echo "pack-check: installing the batchflow tool $version from the local feed"
if ! (cd "$work" && dotnet tool install BatchFlow.Generated.Tool --version "$version" --tool-path "$tools" --configfile "$work/NuGet.config") >"$logs/tool-install.log" 2>&1; then
  cat "$logs/tool-install.log" >&2
  fail "dotnet tool install BatchFlow.Generated.Tool failed (log above)"
fi
mkdir -p "$work/tool"
echo 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);' >"$work/tool/schema.sql"
if ! "$tools/batchflow" schema pull --provider sqlite --ddl "$work/tool/schema.sql" --out "$work/tool/batchflow.schema" >"$logs/tool-pull.log" 2>&1; then
  cat "$logs/tool-pull.log" >&2
  fail "batchflow schema pull failed (log above)"
fi
grep -qx 'table users' "$work/tool/batchflow.schema" || fail "the snapshot the tool wrote has no 'table users' line"
if ! "$tools/batchflow" schema pull --provider sqlite --ddl "$work/tool/schema.sql" --out "$work/tool/batchflow.schema" --check >"$logs/tool-check.log" 2>&1; then
  cat "$logs/tool-check.log" >&2
  fail "batchflow schema pull --check did not pass right after the pull (log above)"
fi
sed 's/^/  /' "$logs/tool-pull.log" "$logs/tool-check.log"

echo "pack-check: OK (${#projects[@]} packages, consumed from a local feed; the batchflow tool installed and run)"
