package io.mamori.console.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.storage.Database;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.policy.PolicyEngine;
import io.mamori.protocol.policy.Subject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an edited, unpublished policy would have decided for the copies and device connections of
 * the last 7 days, next to what the version in force decides for the same events. Both sides are
 * evaluated by the agent's own {@link PolicyEngine}, so the difference is the edit's alone.
 * Bounded: only the events of agents whose group uses this policy, at most {@link #MAX_EVENTS},
 * newest first. The examples name finding types and counts, never a sample of the content.
 *
 * <p>Events do not record the user's groups or the exceptions granted at the time: rules limited to
 * user groups are evaluated as if the user were in none, and events an exception decided are left
 * out (counted in {@link Result#byException}).
 */
@Singleton
public class PolicyPreview {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyPreview.class);

    public static final Duration WINDOW = Duration.ofDays(7);
    public static final int MAX_EVENTS = 5000;
    static final int EXAMPLES = 3;

    /** One event whose decision would change, as a page shows it (finding counts, no content). */
    public record Example(String eventId, Instant occurredAt, String user, String host, String device, String file,
            List<FindingCount> findings) {
    }

    /** How many findings of a type, at a confidence, an example held. */
    public record FindingCount(String type, String confidence, int count) {
    }

    /** All events of one kind whose action would go from {@code now} to {@code then}. */
    public record Change(EventKind kind, Action now, Action then, int count, List<Example> examples) {
    }

    /**
     * @param evaluated   events compared
     * @param capped      true when there were more than {@link #MAX_EVENTS} in the window
     * @param byException events left out because an exception decided them
     * @param unreadable  stored events that no longer read as events (logged)
     */
    public record Result(Instant from, Instant to, long currentVersion, int evaluated, int changed, boolean capped,
            int byException, int unreadable, List<Change> changes) {
    }

    private final Database database;
    private final PolicyStore policies;
    private final Clock clock;

    public PolicyPreview(Database database, PolicyStore policies, Clock clock) {
        this.database = database;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * Compares {@code draft} (a policy document as an administrator edited it) with the version of
     * {@code name} in force. An invalid draft is refused with the same field errors publishing gives.
     */
    public Result preview(String name, JsonNode draft) {
        PolicyStore.PolicyVersion current = policies.current(name);
        Instant to = clock.instant();
        Policy before = ProtocolJson.fromTree(current.policy(), Policy.class);
        Policy after = ProtocolJson.fromTree(PolicyStore.normalise(draft, name, current.info().version(), to), Policy.class);
        Instant from = to.minus(WINDOW);
        List<String> documents = recentEvents(name, from, to);
        boolean capped = documents.size() > MAX_EVENTS;
        Map<String, Tally> tallies = new LinkedHashMap<>();
        int evaluated = 0;
        int byException = 0;
        int unreadable = 0;
        for (String document : documents.subList(0, Math.min(documents.size(), MAX_EVENTS))) {
            Event event;
            try {
                event = ProtocolJson.read(document.getBytes(StandardCharsets.UTF_8), Event.class);
            } catch (RuntimeException e) {
                unreadable++;
                LOG.warn("a stored event does not read as an event and is left out of the preview: {}", e.getMessage());
                continue;
            }
            if (event.decidedAgainWhileMounted()) {
                continue; // not a connection: the same stick decided again while it stayed in
            }
            if (event.decision() != null && event.decision().exceptionId() != null) {
                byException++;
                continue;
            }
            evaluated++;
            Action now = decide(before, event).action();
            Action then = decide(after, event).action();
            if (now != then) {
                tallies.computeIfAbsent(event.kind() + ":" + now + ":" + then, k -> new Tally(event.kind(), now, then)).add(event);
            }
        }
        List<Change> changes = tallies.values().stream().map(Tally::change)
                .sorted(Comparator.comparingInt(Change::count).reversed()).toList();
        int changed = changes.stream().mapToInt(Change::count).sum();
        return new Result(from, to, current.info().version(), evaluated, changed, capped, byException, unreadable, changes);
    }

    private static Decision decide(Policy policy, Event event) {
        Subject subject = new Subject(event.device(), Set.of(), List.of(), event.occurredAt());
        return event.kind() == EventKind.DEVICE_MOUNTED
                ? PolicyEngine.decideDevice(policy, subject)
                : PolicyEngine.decideFile(policy, subject, event.classification(), event.file().sha256());
    }

    /** The stored documents of the window's copies and connections, newest first, one more than the cap. */
    private List<String> recentEvents(String name, Instant from, Instant to) {
        return database.read(connection -> {
            List<String> documents = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT e.document FROM event e"
                    + " JOIN agent a ON a.id = e.agent_id JOIN agent_group g ON g.id = a.group_id"
                    + " WHERE g.policy_name = ? AND e.kind IN (?, ?) AND e.occurred_at >= ? AND e.occurred_at <= ?"
                    + " ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT ?")) {
                select.setString(1, name);
                select.setString(2, EventKind.FILE_WRITTEN.name());
                select.setString(3, EventKind.DEVICE_MOUNTED.name());
                select.setLong(4, from.toEpochMilli());
                select.setLong(5, to.toEpochMilli());
                select.setInt(6, MAX_EVENTS + 1);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        documents.add(row.getString(1));
                    }
                }
            }
            return documents;
        });
    }

    private static final class Tally {
        private final EventKind kind;
        private final Action now;
        private final Action then;
        private final List<Example> examples = new ArrayList<>();
        private int count;

        Tally(EventKind kind, Action now, Action then) {
            this.kind = kind;
            this.now = now;
            this.then = then;
        }

        void add(Event event) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(example(event));
            }
        }

        Change change() {
            return new Change(kind, now, then, count, List.copyOf(examples));
        }

        private static Example example(Event event) {
            List<FindingCount> findings = new ArrayList<>();
            if (event.classification() != null) {
                for (FindingSummary finding : event.classification().findings()) {
                    findings.add(new FindingCount(finding.type().id(), finding.confidence().name(), finding.count()));
                }
            }
            String device = event.device() == null ? null
                    : event.device().vendorId() + ":" + event.device().productId()
                            + (event.device().serial() == null ? "" : " " + event.device().serial());
            return new Example(event.eventId().toString(), event.occurredAt(),
                    event.actor() == null ? null : event.actor().user(), event.host(), device,
                    event.file() == null ? null : fileName(event.file().path()), findings);
        }

        /** The name without its folders: the folders often name the person, and the example needs only the file. */
        private static String fileName(String path) {
            int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
            return path.substring(slash + 1);
        }
    }
}
