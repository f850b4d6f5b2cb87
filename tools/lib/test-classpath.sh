# Shared by the tools: compiles a module with its test sources and prints the classpath that
# runs them (the module's test classes, its classes, its reactor dependencies, its libraries).
# Usage: source tools/lib/test-classpath.sh; test_classpath <module>
test_classpath() {
  local module="$1" root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  mvn -B -q -f "$root/pom.xml" -pl "$module" -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
  echo "$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$root/$module/target/test-classpath.txt")"
}
