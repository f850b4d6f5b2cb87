package io.mamori.agent;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's shape, as docs/architecture.md describes it: its packages form no cycle (every
 * package is a slice of its own, {@code platform} and {@code platform.linux} too), the steps of a
 * copy are known to nothing below them, and no source file of the agent grows past
 * {@value #MAX_LINES} lines. Read from the compiled classes (ArchUnit), so a dependency through a
 * fully qualified name counts as much as an import.
 */
class AgentArchitectureTest {

    private static final int MAX_LINES = 500;
    private static JavaClasses agent;

    @BeforeAll
    static void importTheAgent() {
        agent = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mamori.agent");
    }

    @Test
    void theAgentsPackagesFormNoCycle() {
        assertThat(agent.size()).as("the agent's classes were found").isGreaterThan(100);
        slices().matching("io.mamori.(**)").should().beFreeOfCycles().check(agent);
    }

    @Test
    void theCopyStepsReachNothingThatUsesThem() {
        // the steps of a copy are handed what they need: nothing below them (media contracts, platform, log, store) knows them
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAnyPackage("io.mamori.agent.media..", "io.mamori.agent.platform..", "io.mamori.agent.log..",
                        "io.mamori.agent.store..", "io.mamori.agent.quarantine..", "io.mamori.agent.notify..")
                .should().dependOnClassesThat().resideInAPackage("io.mamori.agent.copy..")
                .check(agent);
    }

    @Test
    void noMainSourceFileIsLongerThanFiveHundredLines() throws IOException {
        Path sources = Path.of("src/main/java/io/mamori/agent");
        assertThat(sources).as("run from the agent module").isDirectory();
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(sources)) {
            tooLong = files.filter(file -> file.toString().endsWith(".java")).filter(file -> lines(file) > MAX_LINES)
                    .map(file -> sources.relativize(file) + " (" + lines(file) + " lines)").toList();
        }
        assertThat(tooLong).as("split by responsibility, as the copy package is").isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
