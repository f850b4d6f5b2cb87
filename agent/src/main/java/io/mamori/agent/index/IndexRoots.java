package io.mamori.agent.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the configured folder patterns into the folders to index, at the start of every pass (so a
 * new user's {@code /home/<name>/Documents} is found): {@code ~} is the home folder of the user
 * the agent runs as, and {@code *} matches any part of one folder name, never a hidden one
 * ({@code /home/*}{@code /Documents}). Only folders that exist are kept, by their real path; one
 * inside another is dropped, as its files are reached from the outer one.
 */
final class IndexRoots {

    private static final Logger LOG = LoggerFactory.getLogger(IndexRoots.class);

    private IndexRoots() {
    }

    static List<Path> expand(List<String> patterns, Path home) {
        Set<Path> found = new LinkedHashSet<>();
        for (String pattern : patterns) {
            for (Path candidate : matches(pattern, home)) {
                try {
                    if (Files.isDirectory(candidate)) {
                        found.add(candidate.toRealPath());
                    }
                } catch (IOException e) {
                    LOG.debug("an indexer folder cannot be resolved, skipped: {}", e.toString());
                }
            }
        }
        List<Path> roots = new ArrayList<>();
        for (Path root : found) {
            if (found.stream().noneMatch(other -> !other.equals(root) && root.startsWith(other))) {
                roots.add(root);
            }
        }
        return roots;
    }

    private static List<Path> matches(String pattern, Path home) {
        Path path;
        if (pattern.equals("~")) {
            path = home;
        } else if (pattern.startsWith("~/")) {
            path = home.resolve(pattern.substring(2));
        } else {
            path = Path.of(pattern);
        }
        if (!path.isAbsolute()) {
            LOG.debug("an indexer folder is not absolute, skipped: {}", pattern);
            return List.of();
        }
        List<Path> current = List.of(path.getRoot());
        for (Path name : path) {
            String segment = name.toString();
            List<Path> next = new ArrayList<>();
            for (Path parent : current) {
                if (!segment.contains("*")) {
                    next.add(parent.resolve(segment));
                } else {
                    next.addAll(children(parent, wildcard(segment)));
                }
            }
            current = next;
        }
        return current;
    }

    private static List<Path> children(Path parent, Pattern names) {
        List<Path> children = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return children;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && names.matcher(name).matches() && Files.isDirectory(entry)) {
                    children.add(entry);
                }
            }
        } catch (IOException e) {
            LOG.debug("an indexer folder pattern could not list {}: {}", parent, e.toString());
        }
        children.sort(null);
        return children;
    }

    private static Pattern wildcard(String segment) {
        String[] parts = segment.split("\\*", -1);
        StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            regex.append(".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
