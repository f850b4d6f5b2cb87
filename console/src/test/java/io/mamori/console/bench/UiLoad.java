package io.mamori.console.bench;

import io.mamori.console.events.EventIngest;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.ui.DashboardData;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.FileRef;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.finding.ReportableTrigger;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The web UI under a large store ({@code tools/bench-console-ui}): a console on SQLite (in this
 * JVM) filled with synthetic events through its own ingest (the path agents' batches take), then
 * each main page fetched over HTTPS on loopback by a signed-in administrator, after a warm-up.
 * Reports p50/p95/max per page; the baselines of the same run are a static file (the server and
 * TLS alone) and {@code /api/admin/me} (plus the session lookup every page makes).
 *
 * Usage: {@code UiLoad [--events 1000000] [--days 90] [--agents 200] [--users 2000] [--rounds 30]}
 */
public final class UiLoad {

    private static final String[] FINDINGS = {"JP_MY_NUMBER", "JP_PERSON_NAME", "JP_ADDRESS", "JP_PHONE", "EMAIL",
        "CREDIT_CARD", "JP_BANK_ACCOUNT", "CONFIDENTIAL_MARKER", "DATE_OF_BIRTH", "SENSITIVE_PERSONAL"};

    private UiLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "1000000"));
        int days = Integer.parseInt(options.getOrDefault("days", "90"));
        int agents = Integer.parseInt(options.getOrDefault("agents", "200"));
        int users = Integer.parseInt(options.getOrDefault("users", "2000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "30"));
        System.out.printf(Locale.ROOT, "UI benchmark: %,d events over %d days, %d agents, %d users; %d rounds per page%n",
                events, days, agents, users, rounds);
        // enrolling hundreds of agents at once is beyond the anonymous doors' rate limit, by design
        Map<String, Object> settings = Map.of("mamori.console.anonymous-requests-per-second", 10_000,
                "mamori.console.anonymous-request-burst", 10_000);
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, settings, null)) {
            List<String> agentIds = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                agentIds.add(console.enroll(i % 10 == 9 ? "leaving" : "default").id());
            }
            long filling = System.nanoTime();
            fill(console.bean(EventIngest.class), agentIds, events, days, users);
            System.out.printf(Locale.ROOT, "stored %,d events in %.0f s (through EventIngest, batches of 1,000)%n", events,
                    (System.nanoTime() - filling) / 1e9);

            for (int i = 0; i < 3; i++) {
                System.out.printf(Locale.ROOT, "dashboard figures counted in the background: %d ms%n",
                        console.bean(DashboardData.class).refresh().took().toMillis());
            }
            ApiClient admin = console.admin().client();
            String someEvent = admin.get("/api/admin/events?limit=1").json().get("items").get(0).get("eventId").asText();
            String someUser = "user" + (users / 2);
            String today = LocalDate.now(ZoneId.systemDefault()).toString();
            String weekAgo = LocalDate.now(ZoneId.systemDefault()).minusDays(7).toString();
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("baseline: static style sheet", "/ui/static/mamori.css");
            pages.put("baseline: /api/admin/me", "/api/admin/me");
            pages.put("dashboard", "/ui/dashboard");
            pages.put("events (newest 50)", "/ui/events");
            pages.put("events: one user", "/ui/events?user=" + someUser);
            pages.put("events: one finding type", "/ui/events?findingType=SENSITIVE_PERSONAL");
            pages.put("events: blocked, last 7 days", "/ui/events?action=BLOCK&from=" + weekAgo + "&to=" + today);
            pages.put("event detail", "/ui/events/" + someEvent);
            pages.put("fleet", "/ui/fleet");
            pages.put("fleet: one agent", "/ui/fleet/" + agentIds.get(0));
            pages.put("review queue", "/ui/review");
            pages.put("incidents", "/ui/incidents");
            pages.put("policy", "/ui/policy");
            System.out.printf(Locale.ROOT, "%-32s %8s %8s %8s %8s%n", "page", "p50 ms", "p95 ms", "max ms", "status");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                int status = admin.get(page.getValue()).status();
                if (status == 404 || status == 403) {
                    System.out.printf(Locale.ROOT, "%-32s %8s %8s %8s %8d (not measured)%n", page.getKey(), "-", "-", "-", status);
                    continue;
                }
                for (int i = 0; i < 5; i++) {
                    admin.get(page.getValue());
                }
                double[] times = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    long start = System.nanoTime();
                    status = admin.get(page.getValue()).status();
                    times[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(times);
                System.out.printf(Locale.ROOT, "%-32s %8.1f %8.1f %8.1f %8d%n", page.getKey(), percentile(times, 50),
                        percentile(times, 95), times[times.length - 1], status);
            }
        }
    }

    private static void fill(EventIngest ingest, List<String> agentIds, int total, int days, int users) {
        Random random = new Random(42);
        Instant now = Instant.now();
        long span = Duration.ofDays(days).toMillis();
        int made = 0;
        long lastReport = System.nanoTime();
        while (made < total) {
            String agent = agentIds.get(random.nextInt(agentIds.size()));
            List<Event> batch = new ArrayList<>(1000);
            for (int i = 0; i < 1000 && made < total; i++, made++) {
                // more events recently than long ago, as a growing deployment has
                double age = Math.pow(random.nextDouble(), 1.3);
                Instant at = now.minusMillis((long) (age * span));
                batch.add(event(agent, at, "user" + random.nextInt(users), random));
            }
            ingest.ingest(agent, ProtocolJson.writeBytes(new EventBatch(batch)));
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                System.out.printf(Locale.ROOT, "  … %,d of %,d events stored%n", made, total);
                lastReport = System.nanoTime();
            }
        }
    }

    private static Event event(String agentId, Instant at, String user, Random random) {
        int roll = random.nextInt(100);
        if (roll < 5) {
            return new Event(EventIds.next(), AgentId.parse(agentId), at, EventKind.DEVICE_MOUNTED, "pc-" + user + ".example.jp",
                    new Actor(user, 1000L, 1L, null), device(random), null, null,
                    new Decision(Action.ALLOW, List.of("default"), null, false, 1), null, null, null);
        }
        Action action = roll < 70 ? Action.ALLOW : roll < 80 ? Action.AUDIT : roll < 90 ? Action.WARN
                : roll < 94 ? Action.WARN_OVERRIDE : Action.BLOCK;
        List<FindingSummary> findings = new ArrayList<>();
        if (action != Action.ALLOW || random.nextInt(4) == 0) {
            int kinds = 1 + random.nextInt(3);
            for (int k = 0; k < kinds; k++) {
                findings.add(new FindingSummary(FindingType.of(FINDINGS[random.nextInt(FINDINGS.length)]), Confidence.HIGH,
                        1 + random.nextInt(40), List.of("****")));
            }
        }
        String name = "資料-" + random.nextInt(1_000_000) + ".xlsx";
        ClassificationSummary classification = new ClassificationSummary(InspectionStatus.OK, null,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", dedupe(findings), random.nextInt(50),
                random.nextInt(20) == 0 ? Set.of(ReportableTrigger.FINANCIAL) : Set.of());
        return new Event(EventIds.next(), AgentId.parse(agentId), at, EventKind.FILE_WRITTEN, "pc-" + user + ".example.jp",
                new Actor(user, 1000L, 4242L, "/usr/bin/cp"), device(random),
                new FileRef("/media/" + user + "/USB/" + name, name, 1000L + random.nextInt(5_000_000),
                        "0".repeat(64 - 8) + String.format(Locale.ROOT, "%08x", random.nextInt())),
                classification, new Decision(action, List.of("rule-" + action.name().toLowerCase(Locale.ROOT)), null, false, 1),
                UUID.randomUUID(), null, null);
    }

    private static List<FindingSummary> dedupe(List<FindingSummary> findings) {
        Map<String, FindingSummary> byType = new LinkedHashMap<>();
        findings.forEach(f -> byType.putIfAbsent(f.type().id(), f));
        return List.copyOf(byType.values());
    }

    private static DeviceIdentity device(Random random) {
        int n = random.nextInt(40);
        return new DeviceIdentity(DeviceClass.USB_STORAGE, String.format(Locale.ROOT, "%04x", 0x0781 + n % 5),
                String.format(Locale.ROOT, "%04x", 0x5500 + n), "SN" + (10_000 + n), "Example Corp", "Flash Drive", null, "USB",
                32_000_000_000L);
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value; got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
