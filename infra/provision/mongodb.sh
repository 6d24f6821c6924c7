#!/usr/bin/env bash
# Builds FerretDB v1, a MongoDB wire-protocol server (here on PostgreSQL, or SQLite on request),
# into .cache/ferretdb/bin/ for the local MongoDB of infra/test-servers/mongodb.ts (used when no
# MONGODB_URL is given and no Docker engine answers). Needs Go 1.22+, `patch` and the Go module
# proxy. A quick no-op once built; a build takes about 3 minutes on two cores.
#
# Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.0`: it asks the proxy for
# the module's version list (to check deprecation), which the proxy here refuses, and a binary built
# from the bare module panics at start because build/version/version.txt (written by FerretDB's
# own Taskfile from git) is missing. So the module source is copied, completed and built.
#
# Go's caches live under .cache/ferretdb so a clean clone builds the same way everywhere, and are
# deleted after a successful build (about 1.2 GB): only the 45 MB binary is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."

# v1.24.0 is the last v1 release (v2 needs PostgreSQL with DocumentDB), so the patches below stay put.
version=v1.24.0
home="$PWD/.cache/ferretdb"
binary="$home/bin/ferretdb"
stamp="$home/bin/build-id"

# Three patches to upstream, the first two for bugs that tests of MongoDB code would trip over:
# - msg_update.go keeps every matched update's SQLite read open until the whole command ends, so
#   one update command (a bulkWrite) matching 100 or more documents exhausts the pool of 100
#   connections and that database hangs for good;
# - group.go hands all accumulators of a $group one shared iterator, so every accumulator after
#   the first sees no documents ({ n: { $sum: 1 }, total: { $sum: '$x' } } gives total 0);
# - the SQLite backend looks documents up by _id with an expression spelled unlike the _id index's,
#   so every update, delete and find by _id scanned the whole table; and it narrowed a query to
#   one _id only when the filter had no other condition (such as a guard on a revision);
# - the PostgreSQL backend pushes an equality down as `_jsonb->$1 @> $2`, which no index serves, so
#   every update, delete and find by _id scanned the table (10,000 upserts took 8 minutes): an _id
#   equality is now spelled `_jsonb->'_id' = $1`, as the unique _id index is (an _id is never an
#   array, so containment and equality agree).
patches() {
  cat <<'PATCH'
--- a/internal/handler/common/aggregations/stages/group.go
+++ b/internal/handler/common/aggregations/stages/group.go
@@ -128,10 +128,10 @@
 	for _, groupedDocument := range groupedDocuments {
 		doc := must.NotFail(types.NewDocument("_id", groupedDocument.groupID))
 
-		groupIter := iterator.Values(iterator.ForSlice(groupedDocument.documents))
-		defer groupIter.Close()
-
 		for _, accumulation := range g.groupBy {
+			groupIter := iterator.Values(iterator.ForSlice(groupedDocument.documents))
+			defer groupIter.Close()
+
 			out, err := accumulation.accumulator.Accumulate(groupIter)
 			if err != nil {
 				// existing accumulators do not return error
--- a/internal/handler/msg_update.go
+++ b/internal/handler/msg_update.go
@@ -118,7 +118,6 @@
 		}
 
 		closer := iterator.NewMultiCloser()
-		defer closer.Close()
 
 		closer.Add(res.Iter)
 
@@ -129,6 +128,8 @@
 		}
 
 		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)
+		closer.Close()
+
 		if err != nil {
 			return 0, 0, nil, lazyerrors.Error(err)
 		}
--- a/internal/backends/sqlite/collection.go
+++ b/internal/backends/sqlite/collection.go
@@ -72,13 +72,9 @@
 
 	// that logic should exist in one place
 	// TODO https://github.com/FerretDB/FerretDB/issues/3235
-	if params.Filter.Len() == 1 {
-		v, _ := params.Filter.Get("_id")
-		switch v.(type) {
-		case string, types.ObjectID:
-			whereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)
-			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
-		}
+	if v, ok := idEquality(params.Filter); ok {
+		whereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)
+		args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
 	}
 
 	q += whereClause
@@ -531,6 +527,31 @@
 	return new(backends.DropIndexesResult), nil
 }
 
+// idEquality returns the value of the filter's one top-level _id field if that value is a string
+// or an ObjectID. Other conditions in the filter do not matter: handlers apply the whole filter
+// to the documents a query returns, so narrowing them down to one _id is always safe.
+func idEquality(filter *types.Document) (any, bool) {
+	var count int
+
+	for _, key := range filter.Keys() {
+		if key == "_id" {
+			count++
+		}
+	}
+
+	if count != 1 {
+		return nil, false
+	}
+
+	v := must.NotFail(filter.Get("_id"))
+	switch v.(type) {
+	case string, types.ObjectID:
+		return v, true
+	default:
+		return nil, false
+	}
+}
+
 // check interfaces
 var (
 	_ backends.Collection = (*collection)(nil)
--- a/internal/backends/sqlite/metadata/metadata.go
+++ b/internal/backends/sqlite/metadata/metadata.go
@@ -27,7 +27,8 @@
 	DefaultColumn = backends.ReservedPrefix + "sjson"
 
 	// IDColumn is a SQLite path expression for _id field.
-	IDColumn = DefaultColumn + "->'$._id'"
+	// Spelled as in the index on _id (registry.go), so that SQLite uses that index.
+	IDColumn = DefaultColumn + "->'_id'"
 
 	// RecordIDColumn is a name for RecordID column to store capped collection record id.
 	RecordIDColumn = backends.ReservedPrefix + "record_id"
--- a/internal/backends/postgresql/query.go
+++ b/internal/backends/postgresql/query.go
@@ -288,6 +288,14 @@
 		args = append(args, k, v)
 
 	case string, types.ObjectID, time.Time:
+		// An _id is never an array, so equality is exact, and spelled as the unique _id index is.
+		if _, isTime := v.(time.Time); k == "_id" && !isTime {
+			filter = fmt.Sprintf(`%s = %s`, metadata.IDColumn, p.Next())
+			args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
+
+			return
+		}
+
 		// merge with the case below?
 		// TODO https://github.com/FerretDB/FerretDB/issues/3626
 
PATCH
}

build_id="$version $(patches | sha256sum | cut -c1-16)"
built() { [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$build_id" ]]; }

if built; then
  echo "ferretdb $version: already built in $binary"
  exit 0
fi

for tool in go patch sha256sum flock; do
  command -v "$tool" >/dev/null || { echo "mongodb.sh: '$tool' is not on PATH" >&2; exit 1; }
done
go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [[ -z "$go_minor" || "$go_minor" -lt 22 ]]; then
  echo "mongodb.sh: FerretDB $version needs Go 1.22+, found $(go env GOVERSION)" >&2
  exit 1
fi

mkdir -p "$home"
# The int and e2e projects may start their global setups at the same moment: one build at a time.
exec 9>"$home/.lock"
flock 9
if built; then
  echo "ferretdb $version: already built in $binary"
  exit 0
fi

# -modcacherw: Go otherwise makes its module cache read-only, and it is deleted below.
export GOMODCACHE="$home/go-mod" GOCACHE="$home/go-build" GOFLAGS="-modcacherw -buildvcs=false"
# modernc.org/sqlite is pure Go: no C compiler needed, and the binary is static.
export CGO_ENABLED=0

echo "ferretdb $version: building from the Go module proxy into $binary (about 3 minutes)"
module_dir="$(go mod download -json "github.com/FerretDB/FerretDB@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$module_dir" ]] || { echo "mongodb.sh: go mod download gave no source directory" >&2; exit 1; }

src="$home/src"
rm -rf "$src"
cp -R "$module_dir" "$src"
chmod -R u+w "$src"
echo "$version" >"$src/build/version/version.txt"
patches | patch --directory="$src" --strip=1 --forward --batch --quiet

mkdir -p "$home/bin"
(cd "$src" && go build -trimpath -o "$binary.partial" ./cmd/ferretdb)
reported="$("$binary.partial" --version)"
if [[ "$reported" != "version: $version"* ]]; then
  echo "mongodb.sh: the new binary reports another version: $reported" >&2
  exit 1
fi
mv "$binary.partial" "$binary"
echo "$build_id" >"$stamp"
rm -rf "$src" "$GOCACHE" "$GOMODCACHE"
echo "ferretdb $version: built $binary"
