package io.mamori.classifier.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.extract.ExtractionLimits;
import io.mamori.classifier.extract.OcrSettings;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.time.Clock;
import java.util.List;

/**
 * What supervisor and worker say to each other, one JSON object per line: the worker's
 * configuration first, then a request per file and its answer. The worker writes nothing else to
 * its standard output.
 */
public final class WorkerMessages {

    /** The first line a worker reads: how to classify. */
    public record Setup(ExtractionLimits limits, OcrSettings ocr, List<CustomDetectorSpec> customDetectors, String peopleKey) {

        public static Setup of(ClassifierConfig config) {
            return new Setup(config.limits(), config.ocr(), config.customDetectors(), config.peopleKey());
        }

        public ClassifierConfig toConfig() {
            return new ClassifierConfig(limits, ocr, customDetectors == null ? List.of() : customDetectors,
                    Clock.systemDefaultZone(), peopleKey);
        }

        @Override
        public String toString() {
            return "Setup[limits=" + limits + ", ocr=" + ocr + ", peopleKey=" + (peopleKey == null ? "none" : "set") + "]";
        }
    }

    /** The line a worker writes once it is ready for files. */
    public record Ready(boolean ready, long pid) {
    }

    /**
     * Classify one file; {@code sha256} when the supervisor already knows it; {@code maxChars}
     * when only the beginning of its text is wanted (a first look), else {@code null}.
     */
    public record Request(long id, String path, String sha256, Integer maxChars) {
    }

    /** The answer to a request. */
    public record Response(long id, Classification result) {
    }

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private WorkerMessages() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
