#!/usr/bin/env bash
# Fetches an Apache Kafka broker (its jars and every runtime dependency) from Maven Central into
# .cache/kafka-<version>/libs/, for the local test broker in infra/test-servers/kafka.ts, and
# records a class-data archive (kafka.jsa) from one short broker run, which halves later start-ups.
# Needs only Java 17+, Maven and Maven Central; the Maven repository is kept under .cache/m2 so a
# clean clone behaves the same everywhere. A quick no-op once done. KAFKA_VERSION overrides the
# version (3.9.x: kafkajs is known to work with it; 4.x dropped protocol versions kafkajs uses).
set -euo pipefail
cd "$(dirname "$0")/../.."

version="${KAFKA_VERSION:-3.9.2}"
home=".cache/kafka-$version"
libs="$home/libs"
marker="$libs/kafka_2.13-$version.jar"
archive="$home/kafka.jsa"

if [[ -f "$marker" && -f "$archive" ]]; then
  echo "kafka $version: already in $libs"
  exit 0
fi

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "kafka.sh: '$tool' is not on PATH" >&2; exit 1; }
done

# A dynamic class-data archive of the classes a broker loads up to "started". The JVM options that
# decide whether an archive fits (collector, heap size class) must match the launch in
# infra/test-servers/kafka-local-setup.ts. Best effort: without it the broker only starts slower.
record_class_archive() {
  local work port id pid
  work="$(mktemp -d)"
  port=$((30000 + RANDOM % 15000))
  id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  cat >"$work/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((port + 15000))
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$((port + 15000))
controller.listener.names=CONTROLLER
log.dirs=$work/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
PROPERTIES
  printf '%s\n' 'log4j.rootLogger=INFO, out' 'log4j.appender.out=org.apache.log4j.ConsoleAppender' \
    'log4j.appender.out.layout=org.apache.log4j.PatternLayout' >"$work/log4j.properties"
  local options=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m
    "-Dlog4j.configuration=file:$work/log4j.properties" -cp "$libs/*")
  if ! java "${options[@]}" kafka.tools.StorageTool format "--cluster-id=$id" \
    -c "$work/server.properties" >"$work/broker.log" 2>&1; then
    echo "kafka.sh: warning: no class-data archive (storage format failed):" >&2
    tail -n 20 "$work/broker.log" >&2
    rm -rf "$work"
    return 0
  fi
  java -XX:ArchiveClassesAtExit="$work/kafka.jsa" "${options[@]}" kafka.Kafka \
    "$work/server.properties" >"$work/broker.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    grep -q 'Kafka Server started' "$work/broker.log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true
  if [[ -s "$work/kafka.jsa" ]] && grep -q 'Kafka Server started' "$work/broker.log"; then
    mv "$work/kafka.jsa" "$archive"
    echo "kafka $version: class-data archive in $archive"
  else
    echo "kafka.sh: warning: no class-data archive (the broker did not start: see below);" \
      "local brokers will start more slowly" >&2
    tail -n 20 "$work/broker.log" >&2
  fi
  rm -rf "$work"
}

mkdir -p "$home"
# The int and e2e projects may start their global setups at the same moment: one fetch at a time.
exec 9>"$home/.lock"
flock 9
if [[ -f "$marker" && -f "$archive" ]]; then
  echo "kafka $version: already in $libs"
  exit 0
fi
if [[ -f "$marker" ]]; then
  record_class_archive
  exit 0
fi

echo "kafka $version: fetching the broker and its dependencies from Maven Central into $libs"
# The broker logs through slf4j and, in 3.9, log4j 1.x (reload4j, as Kafka's own tarball ships);
# the kafka_2.13 pom leaves that binding to whoever runs it, so it is named here.
cat >"$home/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>order-ledger.test-servers</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>$version</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$version</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>1.7.36</version>
    </dependency>
    <dependency>
      <groupId>ch.qos.reload4j</groupId>
      <artifactId>reload4j</artifactId>
      <version>1.2.25</version>
    </dependency>
  </dependencies>
</project>
POM

# Copied to a fresh directory and renamed at the end, so a half-finished fetch is never mistaken
# for a complete one.
partial="$home/libs.partial"
rm -rf "$partial"
mvn --batch-mode --quiet -Dstyle.color=never --file "$home/pom.xml" \
  -Dmaven.repo.local="$PWD/.cache/m2" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$PWD/$partial"
rm -rf "$libs"
mv "$partial" "$libs"
echo "kafka $version: $(find "$libs" -name '*.jar' | wc -l) jars in $libs"
record_class_archive
