package cn.gov.yuhuan.qyx.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released version of every contract stays in {@code schemas/versions/<full name>/vN.avsc},
 * and the current schema must read data written with each of them (BACKWARD_TRANSITIVE, the rule
 * the registry enforces too): topics and state-store changelogs hold data of every released
 * version, and an upgraded app reads it back with the current one.
 */
class ReleasedSchemasTest {
  // Tests run in the module's folder (surefire's default); messages name paths from the repo root.
  private static final Path VERSIONS = Path.of("versions");
  private static final String VERSIONS_IN_REPO = "schemas/versions";
  private static final Path STATE_CONTRACTS = Path.of("src/main/avro/cn/gov/yuhuan/qyx/state");
  private static final Path CANDIDATES = Path.of("target/schema-candidates");
  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

  @ParameterizedTest(name = "{0}")
  @MethodSource("releasedOrRequiredTypes")
  void shouldReadEveryReleasedVersionWithTheCurrentSchema(String fullName) {
    List<String> problems = incompatibleVersions(currentSchema(fullName), releasedVersions(fullName));
    if (!problems.isEmpty()) {
      fail("The current schema of " + fullName + " cannot read data written with every released version,\n"
          + "which topics and changelogs still hold (BACKWARD_TRANSITIVE; the registry refuses it too):\n"
          + String.join("\n", problems) + "\n"
          + "Make the change compatible: add a field only with a default, remove only a field that has one,\n"
          + "add an enum symbol only to an enum with a default, widen types only the way Avro promotes them.\n"
          + "If the break is intended, it is a new contract on a new topic (e.g. qyx.progress-reports.v2)\n"
          + "with its own record name; released versions are never edited or deleted.");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("releasedOrRequiredTypes")
  void shouldHaveReleasedTheCurrentSchema(String fullName) {
    Schema current = currentSchema(fullName);
    List<Released> versions = releasedVersions(fullName);
    int next = versions.size() + 1;
    Released latest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
    // The whole schema, not only its parsing canonical form: that form drops defaults, and a default
    // decides what an upgraded reader sees for data written before its field existed.
    if (latest != null && latest.schema().toString().equals(current.toString())) {
      return;
    }
    String target = VERSIONS_IN_REPO + "/" + fullName + "/v" + next + ".avsc";
    if (!incompatibleVersions(current, versions).isEmpty()) {
      fail(fullName + " changed and cannot be released as " + target + ": it cannot read every released"
          + " version.\nMake it compatible first (shouldReadEveryReleasedVersionWithTheCurrentSchema says how),"
          + " then run this test again for the file to add.");
    }
    Path candidate = writeCandidate(fullName, next, current);
    String add = "add " + target + ", exactly the current schema as the registry receives it,\n"
        + "which this test has just written for you:\n"
        + "  cp schemas/" + candidate + " " + target + "\n";
    if (latest == null) {
      fail(fullName + " has no released version: " + add);
    }
    fail(fullName + " differs from its latest released version, " + latest.pathInRepo() + ",\n"
        + (latest.canonical().equals(SchemaNormalization.toParsingForm(current))
            ? "only in docs, defaults or properties (a default is what an upgraded reader fills in).\n"
            : "in its fields or types.\n")
        + "Every schema the registry may receive is a released version kept in the repo. If the change is\n"
        + "intended, " + add
        + "and never edit an earlier vN. If it is not intended, revert the .avsc under schemas/src/main/avro.");
  }

  @Test
  void shouldStoreAVersionForEveryTopicValueAndStateType() {
    Set<String> required = requiredTypes();
    assertThat(required)
        .as("the value types of Topics and the state types (is the discovery in this test broken?)")
        .contains("cn.gov.yuhuan.qyx.events.ProgressReport", "cn.gov.yuhuan.qyx.state.AreaState");
    Set<String> released = releasedTypes();

    Set<String> missing = new TreeSet<>(required);
    missing.removeAll(released);
    assertThat(missing)
        .as("Topic value and state-store types without a released version. For each, add "
            + VERSIONS_IN_REPO + "/<full name>/v1.avsc with the class's getClassSchema().toString(true);"
            + " shouldHaveReleasedTheCurrentSchema writes it under schemas/" + CANDIDATES + " for you")
        .isEmpty();

    Set<String> unknown = new TreeSet<>();
    for (String name : released) {
      if (generatedClass(name) == null) {
        unknown.add(name);
      }
    }
    assertThat(unknown)
        .as("Folders under " + VERSIONS_IN_REPO + " that name no generated record: a folder is the record's"
            + " Avro full name (namespace.Name), exactly as in the .avsc under schemas/src/main/avro")
        .isEmpty();
  }

  // ---- what must be released ------------------------------------------------------------------------

  static Stream<String> releasedOrRequiredTypes() {
    Set<String> names = new TreeSet<>(requiredTypes());
    names.addAll(releasedTypes());
    return names.stream();
  }

  /** The value types Topics asks serdes for, and every state-store contract. */
  private static Set<String> requiredTypes() {
    Set<String> names = new TreeSet<>();
    // Asking Topics itself, rather than keeping a list here, means a new topic can't be forgotten.
    new Topics(new AvroSerdes() {
      @Override
      public <T extends SpecificRecord> Serde<T> forValues(Class<T> type) {
        names.add(SpecificData.get().getSchema(type).getFullName());
        Serializer<T> serializer = (topic, value) -> null;
        Deserializer<T> deserializer = (topic, bytes) -> null;
        return Serdes.serdeFrom(serializer, deserializer);
      }
    });
    // State stores are declared in the topology (streams module); their contracts live here, one
    // file per store value type, and their changelogs are read back after an upgrade.
    try (Stream<Path> files = Files.list(STATE_CONTRACTS)) {
      files.map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".avsc"))
          .map(f -> "cn.gov.yuhuan.qyx.state." + f.substring(0, f.length() - ".avsc".length()))
          .forEach(names::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the state contracts in schemas/" + STATE_CONTRACTS, e);
    }
    return names;
  }

  private static Set<String> releasedTypes() {
    if (!Files.isDirectory(VERSIONS)) {
      fail("No " + VERSIONS_IN_REPO + " folder (tests must run in the schemas module's folder, as Maven runs them)");
    }
    try (Stream<Path> dirs = Files.list(VERSIONS)) {
      return dirs.filter(Files::isDirectory)
          .map(d -> d.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + VERSIONS_IN_REPO, e);
    }
  }

  // ---- the current and the released schemas ---------------------------------------------------------

  private static Schema currentSchema(String fullName) {
    Class<?> type = generatedClass(fullName);
    if (type == null) {
      fail(VERSIONS_IN_REPO + "/" + fullName + " names no generated record. The folder must be the Avro full name"
          + " of a contract under schemas/src/main/avro; a released contract is not removed while a topic or"
          + " changelog may hold its data.");
    }
    // What the generated class declares is exactly what the serde registers.
    return SpecificData.get().getSchema(type);
  }

  private static Class<?> generatedClass(String fullName) {
    try {
      Class<?> type = Class.forName(fullName);
      return SpecificRecord.class.isAssignableFrom(type) ? type : null;
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** A released version as stored, its file name and record name checked against its folder. */
  private record Released(Path file, Schema schema) {
    String pathInRepo() {
      return "schemas/" + file;
    }

    String canonical() {
      return SchemaNormalization.toParsingForm(schema);
    }
  }

  /** The released versions of one type, v1 first; fails on anything that is not v1..vN in order. */
  private static List<Released> releasedVersions(String fullName) {
    Path dir = VERSIONS.resolve(fullName);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    TreeMap<Integer, Path> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : (Iterable<Path>) list::iterator) {
        Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
          fail("schemas/" + file + " is not a released version: files there are named v1.avsc, v2.avsc, ...");
        }
        files.put(Integer.parseInt(m.group(1)), file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list schemas/" + dir, e);
    }
    List<Released> versions = new ArrayList<>();
    int expected = 1;
    for (var entry : files.entrySet()) {
      if (entry.getKey() != expected) {
        fail("schemas/" + dir + " has v" + entry.getKey() + ".avsc but no v" + expected
            + ".avsc: versions are numbered 1, 2, 3, ... without gaps, and none is ever deleted");
      }
      Schema schema = parse(entry.getValue());
      if (!schema.getFullName().equals(fullName)) {
        fail("schemas/" + entry.getValue() + " holds " + schema.getFullName() + ", not " + fullName
            + ": each folder holds the versions of the record it is named after");
      }
      versions.add(new Released(entry.getValue(), schema));
      expected++;
    }
    return versions;
  }

  private static Schema parse(Path file) {
    try {
      // A fresh parser per file: each version is self-contained, named types (Kind, ...) inlined.
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("schemas/" + file + " is not a self-contained Avro schema: " + e.getMessage(), e);
    }
  }

  /** One line per released version the current schema cannot read, with Avro's reasons. */
  private static List<String> incompatibleVersions(Schema current, List<Released> versions) {
    List<String> problems = new ArrayList<>();
    for (Released released : versions) {
      SchemaCompatibilityResult result =
          SchemaCompatibility.checkReaderWriterCompatibility(current, released.schema()).getResult();
      if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
        problems.add("  cannot read " + released.pathInRepo() + ":\n" + describe(result.getIncompatibilities()));
      }
    }
    return problems;
  }

  private static Path writeCandidate(String fullName, int version, Schema current) {
    Path file = CANDIDATES.resolve(fullName).resolve("v" + version + ".avsc");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, current.toString(true) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private static String describe(List<Incompatibility> incompatibilities) {
    return incompatibilities.stream()
        .map(i -> "    " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
        .collect(Collectors.joining("\n"));
  }
}
