package io.mamori.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.command.Command;
import io.mamori.protocol.json.ProtocolJson;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EveryTypeRoundTripsTest {

    static Stream<Map.Entry<Class<?>, Object>> samples() {
        return Samples.everyType().entrySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void writingThenReadingGivesAnEqualValue(Map.Entry<Class<?>, Object> sample) {
        String json = ProtocolJson.write(sample.getValue());
        Object back = ProtocolJson.read(json, sample.getKey());
        assertThat(back).isEqualTo(sample.getValue());
        // and the written form is itself stable
        assertThat(ProtocolJson.write(back)).isEqualTo(json);
    }

    @Test
    void commandsRoundTripThroughTheirInterfaceWithTheirTypeName() {
        for (Object sample : Samples.everyType().values()) {
            if (sample instanceof Command command) {
                String json = ProtocolJson.write(command);
                assertThat(json).contains("\"type\":\"" + command.type() + "\"");
                assertThat(ProtocolJson.read(json, Command.class)).isEqualTo(command);
            }
        }
    }

    /** A new protocol record without a sample above would go untested; this makes that fail. */
    @Test
    void everyProtocolRecordHasASample() throws IOException, URISyntaxException {
        Path classes = Path.of(AgentId.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> records;
        try (Stream<Path> files = Files.walk(classes)) {
            records = files.map(classes::relativize)
                    .map(Path::toString)
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .filter(EveryTypeRoundTripsTest::isPublicRecord)
                    .toList();
        }
        assertThat(records).isNotEmpty();
        List<String> sampled = Samples.everyType().keySet().stream().map(Class::getName).toList();
        assertThat(sampled).containsAll(records);
    }

    /** Records that never travel as JSON: the result of verification, kept in memory. */
    private static final List<String> NOT_ON_THE_WIRE = List.of("io.mamori.protocol.signing.VerifiedPolicy");

    private static boolean isPublicRecord(String className) {
        try {
            Class<?> type = Class.forName(className);
            return type.isRecord() && java.lang.reflect.Modifier.isPublic(type.getModifiers())
                    && !NOT_ON_THE_WIRE.contains(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
