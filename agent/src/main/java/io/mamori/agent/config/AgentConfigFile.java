package io.mamori.agent.config;

import io.mamori.agent.media.RemovableMatcher;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code agent.yml}. Every key is checked: an unknown key or a value of the wrong kind is an
 * error that names the key and what was expected, because a typo in a setting must not silently
 * leave the default in force.
 */
public final class AgentConfigFile {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");
    private static final Set<String> KEYS = Set.of(
            "outbox.batch-size", "outbox.max-events", "outbox.max-age",
            "log.retention", "log.max-size-mb", "log.checkpoint-every", "log.checkpoint-interval",
            "link.request-timeout", "link.ca-file",
            "watchdog.stall-after",
            "media.enabled", "media.operation-gap", "media.inspection-workers", "media.simulated-usb", "media.desktop",
            "media.desktop-socket-dir", "media.watcher", "media.poll-interval",
            "indexer.enabled", "indexer.roots", "indexer.max-file-mb", "indexer.files-per-second", "indexer.mb-per-second",
            "indexer.pass-interval-hours",
            "patch.interval");

    private AgentConfigFile() {
    }

    /** The settings in {@code file}, or the defaults if there is no such file. */
    public static AgentConfig read(Path file) throws ConfigException {
        if (!Files.exists(file)) {
            return AgentConfig.defaults();
        }
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(0);
            document = new Yaml(new SafeConstructor(options)).load(reader);
        } catch (IOException e) {
            throw new ConfigException(file, null, "cannot be read: " + e.getMessage());
        } catch (YAMLException e) {
            throw new ConfigException(file, null, "is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (document == null) {
            return AgentConfig.defaults();
        }
        if (!(document instanceof Map<?, ?> top)) {
            throw new ConfigException(file, null, "must be a mapping of sections (outbox, log, link, watchdog, media, indexer, patch)");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten(file, "", top, flat);
        for (String key : flat.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(file, key, "is not a setting; known settings: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        AgentConfig d = AgentConfig.defaults();
        return new AgentConfig(
                (int) number(file, flat, "outbox.batch-size", d.batchSize(), 1, 1000),
                number(file, flat, "outbox.max-events", d.outboxMaxEvents(), 1000, 100_000_000),
                duration(file, flat, "outbox.max-age", d.outboxMaxAge(), Duration.ofHours(1)),
                duration(file, flat, "log.retention", d.retention(), Duration.ofDays(1)),
                number(file, flat, "log.max-size-mb", d.maxLogBytes() / (1024 * 1024), 16, 1_000_000) * 1024 * 1024,
                (int) number(file, flat, "log.checkpoint-every", d.checkpointEvery(), 1, 1_000_000),
                duration(file, flat, "log.checkpoint-interval", d.checkpointInterval(), Duration.ofSeconds(1)),
                duration(file, flat, "link.request-timeout", d.requestTimeout(), Duration.ofSeconds(1)),
                path(file, flat, "link.ca-file"),
                duration(file, flat, "watchdog.stall-after", d.stallAfter(), Duration.ofMinutes(1)),
                new AgentConfig.Media(
                        flag(file, flat, "media.enabled", d.media().enabled()),
                        duration(file, flat, "media.operation-gap", d.media().operationGap(), Duration.ofSeconds(1)),
                        (int) number(file, flat, "media.inspection-workers", d.media().inspectionWorkers(), 1, 16),
                        simulatedUsb(file, flat.get("media.simulated-usb")),
                        flag(file, flat, "media.desktop", d.media().desktop()),
                        absoluteFolder(file, flat, "media.desktop-socket-dir"),
                        watcher(file, flat.get("media.watcher"), d.media().watcher()),
                        duration(file, flat, "media.poll-interval", d.media().pollInterval(), Duration.ofSeconds(1))),
                indexer(file, flat, d.indexer()),
                duration(file, flat, "patch.interval", d.patchInterval(), Duration.ofMinutes(15)));
    }

    private static AgentConfig.IndexerSettings indexer(Path file, Map<String, Object> flat, AgentConfig.IndexerSettings d)
            throws ConfigException {
        long megabyte = 1024 * 1024;
        return new AgentConfig.IndexerSettings(
                flag(file, flat, "indexer.enabled", d.enabled()),
                folders(file, flat, "indexer.roots", d.roots()),
                number(file, flat, "indexer.max-file-mb", d.maxFileBytes() / megabyte, 1, 4096) * megabyte,
                (int) number(file, flat, "indexer.files-per-second", d.filesPerSecond(), 1, 1000),
                number(file, flat, "indexer.mb-per-second", d.bytesPerSecond() / megabyte, 1, 1000) * megabyte,
                Duration.ofHours(number(file, flat, "indexer.pass-interval-hours", d.passInterval().toHours(), 1, 720)));
    }

    /** {@code media.watcher}: native or portable. */
    private static AgentConfig.Watcher watcher(Path file, Object value, AgentConfig.Watcher fallback) throws ConfigException {
        if (value == null) {
            return fallback;
        }
        for (AgentConfig.Watcher watcher : AgentConfig.Watcher.values()) {
            if (watcher.name().equalsIgnoreCase(String.valueOf(value))) {
                return watcher;
            }
        }
        throw new ConfigException(file, "media.watcher", "must be native or portable (was '" + value + "')");
    }

    private static boolean flag(Path file, Map<String, Object> flat, String key, boolean fallback) throws ConfigException {
        Object value = flat.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            throw new ConfigException(file, key, "must be true or false (was '" + value + "')");
        }
        return flag;
    }

    private static final Set<String> SIMULATED_USB_KEYS = Set.of("images-under", "mounts-under", "vendor-id", "product-id",
            "serial", "vendor", "product");

    /** {@code media.simulated-usb}: a list of {images-under, vendor-id, product-id, serial, vendor, product}. */
    private static List<RemovableMatcher> simulatedUsb(Path file, Object value) throws ConfigException {
        String key = "media.simulated-usb";
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> entries)) {
            throw new ConfigException(file, key, "must be a list of simulated sticks (images-under, vendor-id, product-id, serial)");
        }
        List<RemovableMatcher> matchers = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map)) {
                throw new ConfigException(file, key, "each entry must be a mapping with images-under, vendor-id, product-id, serial");
            }
            for (Object name : map.keySet()) {
                if (!SIMULATED_USB_KEYS.contains(String.valueOf(name))) {
                    throw new ConfigException(file, key + "." + name, "is not a setting; known: "
                            + String.join(", ", SIMULATED_USB_KEYS.stream().sorted().toList()));
                }
            }
            Object images = map.get("images-under");
            Object mounts = map.get("mounts-under");
            if ((images == null) == (mounts == null)) {
                throw new ConfigException(file, key, "each entry needs exactly one of images-under (loop images, Linux) and"
                        + " mounts-under (volumes mounted under a folder or drive, the portable watcher)");
            }
            String field = images != null ? "images-under" : "mounts-under";
            Object under = images != null ? images : mounts;
            Path folder;
            try {
                folder = Path.of(String.valueOf(under));
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(file, key + "." + field, "is not a path: " + e.getMessage());
            }
            if (!folder.isAbsolute()) {
                throw new ConfigException(file, key + "." + field, "must be an absolute folder (was '" + under + "')");
            }
            try {
                matchers.add(new RemovableMatcher(folder, images != null ? RemovableMatcher.Basis.IMAGE_FILE
                        : RemovableMatcher.Basis.MOUNT_POINT, new DeviceIdentity(DeviceClass.USB_STORAGE,
                        text(map.get("vendor-id")), text(map.get("product-id")), text(map.get("serial")), text(map.get("vendor")),
                        text(map.get("product")), null, null, 0)));
            } catch (InvalidFieldException e) {
                throw new ConfigException(file, key, e.getMessage());
            }
        }
        return matchers;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** Folders: absolute or under {@code ~/}; {@code *} within one folder name. */
    private static List<String> folders(Path file, Map<String, Object> flat, String key, List<String> fallback)
            throws ConfigException {
        Object value = flat.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(file, key, "must be a list of folders, such as [~/Documents, /home/*/Documents] (was '"
                    + value + "')");
        }
        List<String> folders = new ArrayList<>();
        for (Object item : list) {
            String folder = item instanceof String text ? text.strip() : "";
            boolean absolute;
            try {
                absolute = folder.equals("~") || folder.startsWith("~/") || Path.of(folder).isAbsolute();
            } catch (InvalidPathException e) {
                absolute = false;
            }
            if (!absolute) {
                throw new ConfigException(file, key, "must list absolute folders or folders under ~/ (was '" + item + "')");
            }
            if (folder.contains("**")) {
                throw new ConfigException(file, key, "* matches within one folder name; ** is not supported (was '" + item + "')");
            }
            folders.add(folder);
        }
        return folders;
    }

    private static void flatten(Path file, String prefix, Map<?, ?> map, Map<String, Object> into) throws ConfigException {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> nested) {
                flatten(file, key + ".", nested, into);
            } else {
                into.put(key, entry.getValue());
            }
        }
    }

    private static long number(Path file, Map<String, Object> flat, String key, long fallback, long min, long max)
            throws ConfigException {
        Object value = flat.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new ConfigException(file, key, "must be a whole number between " + min + " and " + max + " (was '" + value + "')");
        }
        long number = ((Number) value).longValue();
        if (number < min || number > max) {
            throw new ConfigException(file, key, "must be between " + min + " and " + max + " (was " + number + ")");
        }
        return number;
    }

    private static Duration duration(Path file, Map<String, Object> flat, String key, Duration fallback, Duration min)
            throws ConfigException {
        Object value = flat.get(key);
        if (value == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(String.valueOf(value).trim());
        if (!m.matches()) {
            throw new ConfigException(file, key, "must be a duration such as 30s, 10m, 12h or 7d (was '" + value + "')");
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.compareTo(min) < 0) {
            throw new ConfigException(file, key, "must be at least " + min.toSeconds() + " s (was '" + value + "')");
        }
        return duration;
    }

    private static Path path(Path file, Map<String, Object> flat, String key) throws ConfigException {
        Object value = flat.get(key);
        if (value == null) {
            return null;
        }
        Path path = Path.of(String.valueOf(value));
        if (!Files.isReadable(path)) {
            throw new ConfigException(file, key, "names a file that does not exist or cannot be read: " + path);
        }
        return path;
    }

    /** A folder the agent makes if it is not there: only its name must be absolute. */
    private static Path absoluteFolder(Path file, Map<String, Object> flat, String key) throws ConfigException {
        Object value = flat.get(key);
        if (value == null) {
            return null;
        }
        Path path = Path.of(String.valueOf(value));
        if (!path.isAbsolute()) {
            throw new ConfigException(file, key, "must be an absolute path: " + path);
        }
        return path;
    }

    /** A setting that is wrong, with the file and the key. */
    public static final class ConfigException extends Exception {

        private final Path file;
        private final String key;

        public ConfigException(Path file, String key, String problem) {
            super(file + (key == null ? "" : ": " + key) + " " + problem);
            this.file = file;
            this.key = key;
        }

        public Path file() {
            return file;
        }

        public String key() {
            return key;
        }
    }
}
