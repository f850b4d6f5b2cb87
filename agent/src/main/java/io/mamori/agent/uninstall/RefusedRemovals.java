package io.mamori.agent.uninstall;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Removals refused for want of the uninstall token, spooled in the state directory
 * ({@code removal-refused/}, one owner-only JSON file per refusal: when, why, which account) by
 * {@code mamori agent uninstall-check}, which runs in the package's removal script while the
 * agent keeps running; the agent reports each as an event and then deletes it. A record never
 * holds the token that was given.
 */
public final class RefusedRemovals {

    /** At most this many records are kept: a script refused in a loop must not fill the disk. */
    static final int MAX_RECORDS = 100;

    /** One refusal. */
    public record Refusal(Path file, Instant at, String reason, String account) {
    }

    private final Path folder;

    public RefusedRemovals(StateDirectory state) {
        this.folder = state.refusedRemovals();
    }

    /** Leaves a record of a refusal; beyond {@link #MAX_RECORDS} waiting, the new one is not kept (the count says so). */
    public boolean record(Instant at, String reason, String account) throws IOException {
        PrivateFiles.directory(folder);
        if (pendingFiles().size() >= MAX_RECORDS) {
            return false;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("at", at.toString());
        record.put("reason", reason);
        if (account != null && !account.isBlank()) {
            record.put("account", account);
        }
        PrivateFiles.write(folder.resolve(at.toEpochMilli() + "-" + UUID.randomUUID() + ".json"),
                ProtocolJson.writeBytes(record));
        return true;
    }

    /** The refusals waiting, oldest first; a record that cannot be read is reported with what is known of it. */
    public List<Refusal> pending() throws IOException {
        List<Refusal> refusals = new ArrayList<>();
        for (Path file : pendingFiles()) {
            refusals.add(read(file));
        }
        refusals.sort(Comparator.comparing(Refusal::at));
        return refusals;
    }

    /** Forgets a refusal once it is reported. */
    public void delete(Refusal refusal) throws IOException {
        Files.deleteIfExists(refusal.file());
    }

    private List<Path> pendingFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.json")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && !entry.getFileName().toString().startsWith(".")) {
                    files.add(entry);
                }
            }
        }
        return files;
    }

    private static Refusal read(Path file) {
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            modified = Instant.now();
        }
        try {
            JsonNode node = ProtocolJson.readTree(PrivateFiles.read(file));
            Instant at = Instant.parse(node.path("at").asText());
            String reason = node.path("reason").asText("");
            String account = node.hasNonNull("account") ? node.get("account").asText() : null;
            return new Refusal(file, at, reason.isBlank() ? "no reason recorded" : reason, account);
        } catch (IOException | RuntimeException e) {
            // DateTimeParseException, a JSON that does not read: still a refusal that happened
            return new Refusal(file, modified, "the record " + file.getFileName() + " could not be read ("
                    + (e instanceof DateTimeParseException ? "bad time" : e.getMessage()) + ")", null);
        }
    }
}
