package io.mamori.agent.copy;

import io.mamori.protocol.finding.ClassificationSummary;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * What the background indexer already knows, for the warning when a stick is mounted: the indexed
 * files the policy would stop ({@code stopped}, given each file's summary and content hash) on the
 * device, counted by the user id of their owner.
 */
@FunctionalInterface
public interface PreCopyCount {

    Map<Long, Integer> byOwner(BiPredicate<ClassificationSummary, String> stopped);

    PreCopyCount NONE = stopped -> Map.of();
}
