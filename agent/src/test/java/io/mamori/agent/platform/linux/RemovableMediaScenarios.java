package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.copy.Decided;
import io.mamori.agent.config.AgentConfigFile;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.Enrollment;
import io.mamori.agent.testing.Await;
import io.mamori.agent.testing.DefaultPolicy;
import io.mamori.agent.testing.ConsoleEvents;
import io.mamori.agent.testing.Root;
import io.mamori.agent.testing.Sticks;
import io.mamori.agent.demo.SyntheticData;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.policy.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent end to end on Linux, as root (runs in CI): a real console over HTTPS, the agent with a
 * real mount monitor, file watcher, inspection workers and enforcement, and file-system images
 * loop-mounted as USB sticks (the agent's {@code media.simulated-usb} setting gives them their
 * vendor, product and serial). The same scenarios run with the Linux adapters
 * ({@link RemovableMediaTest}) and with the portable watcher ({@link PortableRemovableMediaTest}).
 */
abstract class RemovableMediaScenarios {

    protected static ConsoleFixture console;
    protected static ApiClient admin;

    @TempDir
    protected Path dir;

    protected final List<Decided> decided = new CopyOnWriteArrayList<>();

    /** More {@code media:} settings of the agent (two-space indented lines); none: the Linux adapters. */
    protected String mediaSettings() {
        return "";
    }

    @BeforeAll
    static void startConsole() {
        console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null);
        admin = console.admin().client();
    }

    @AfterAll
    static void stopConsole() {
        if (console != null) {
            console.close();
        }
    }

    protected Sticks sticks;

    @AfterEach
    void unmountWhatIsLeft() {
        if (sticks != null) {
            sticks.close();
        }
    }

    /** An agent enrolled with the console, its images directory presenting three sticks. */
    protected AgentService startAgent() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("agent"));
        Enrollment.enroll(console, state, "pc-usb.example.jp");
        AgentConfig config = configure(state);
        AgentService agent = AgentService.start(state, AgentIdentity.load(state).orElseThrow(), config, Clock.systemUTC());
        agent.mediaGuard().orElseThrow().onDecided(decided::add);
        await("the policy is in force", Duration.ofSeconds(30), () -> agent.policy().version() > 0);
        return agent;
    }

    /** Writes the agent's agent.yml (its images directory presenting three sticks) and reads it back. */
    protected AgentConfig configure(StateDirectory state) throws Exception {
        sticks = new Sticks(dir);
        Path images = dir.resolve("images");
        Files.writeString(state.config(), """
                link:
                  request-timeout: 5s
                media:
                  operation-gap: 2s
                  inspection-workers: 2
                %2$s  simulated-usb:
                    - {images-under: %1$s/plain, vendor-id: "0781", product-id: "5583", serial: "SN-PLAIN", vendor: SanDisk, product: Cruzer}
                    - {images-under: %1$s/approved, vendor-id: "0781", product-id: "5583", serial: "APPROVED-1", vendor: SanDisk, product: Cruzer}
                    - {images-under: %1$s/other, vendor-id: "090c", product-id: "1000", serial: "SN-OTHER", vendor: Silicon Motion, product: Flash}
                """.formatted(images, mediaSettings()));
        return AgentConfigFile.read(state.config());
    }

    /** Makes an image under images/{@code kind} and mounts it, as a stick plugged in. */
    protected Path plugIn(String kind, String fsType) throws Exception {
        return sticks.plugIn(kind, fsType);
    }

    protected static String output(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    protected static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, timeout, condition);
    }

    /** Publishes a policy that makes every stick but serial APPROVED-1 read-only, and waits until the agent has it. */
    protected static void readOnlyUnlessApproved(AgentService agent) throws Exception {
        long before = agent.policy().version();
        DefaultPolicy.publish(admin, policy -> {
            ArrayNode allow = policy.putArray("deviceAllowList");
            allow.addObject().put("vendorId", "0781").put("productId", "5583").put("serial", "APPROVED-1");
            ArrayNode rules = (ArrayNode) policy.get("rules");
            for (int i = rules.size() - 1; i >= 0; i--) {
                if ("read-only-unapproved".equals(rules.get(i).path("id").asText())) {
                    rules.remove(i); // published by an earlier test against the same console
                }
            }
            ObjectNode readOnly = rules.addObject();
            readOnly.put("id", "read-only-unapproved").put("scope", "DEVICE").put("action", "READ_ONLY");
            readOnly.putObject("when").put("approvedDevice", false);
        });
        await("the new policy is in force", Duration.ofSeconds(30), () -> agent.policy().version() > before);
    }

    protected static void awaitWatched(AgentService agent, Path mountPoint) throws InterruptedException {
        await(mountPoint + " is watched", Duration.ofSeconds(20), () -> agent.mediaGuard().orElseThrow().watchedVolumes().stream()
                .anyMatch(v -> v.mount().mountPoint().equals(mountPoint)));
    }

    protected Decided decidedFor(Path file) throws InterruptedException {
        await(file + " is decided", Duration.ofSeconds(60), () -> decided.stream().anyMatch(d -> d.path().equals(file)));
        return decided.stream().filter(d -> d.path().equals(file)).findFirst().orElseThrow();
    }

    protected static void copy(Path source, Path target) throws Exception {
        Root.run("cp", source.toString(), target.toString());
    }

    protected static List<JsonNode> consoleEvents(AgentService agent, String kind) {
        return ConsoleEvents.of(admin, agent.events().agentId().toString(), kind);
    }

    protected static JsonNode commandsDone(String reviewId) {
        return admin.get("/api/admin/reviews/" + reviewId).json();
    }

    @Test
    void aCleanFileStaysPersonalDataIsQuarantinedAndReleasedBackByteForByteAndAFolderCopyIsOneOperation() throws Exception {
        Root.required("loop mounts and fanotify need root");
        try (AgentService agent = startAgent()) {
            Path stick = plugIn("plain", "ext4");
            awaitWatched(agent, stick);

            Path clean = Files.writeString(dir.resolve("議事録.txt"), SyntheticData.minutes());
            copy(clean, stick.resolve("議事録.txt"));
            assertThat(decidedFor(stick.resolve("議事録.txt")).action()).isEqualTo(Action.AUDIT);
            assertThat(stick.resolve("議事録.txt")).hasSameTextualContentAs(clean);

            Path roster = Files.writeString(dir.resolve("社員名簿.csv"), SyntheticData.roster(30, 11));
            copy(roster, stick.resolve("社員名簿.csv"));
            Decided blocked = decidedFor(stick.resolve("社員名簿.csv"));
            assertThat(blocked.action()).isEqualTo(Action.BLOCK);
            assertThat(stick.resolve("社員名簿.csv")).as("moved off the stick").doesNotExist();

            // the console has the event and a review item; approving it releases the file back
            String eventId = blocked.eventId().toString();
            await("the console has the blocked copy", Duration.ofSeconds(30),
                    () -> admin.get("/api/admin/reviews/" + eventId).status() == 200);
            JsonNode event = admin.get("/api/admin/events/" + eventId).json();
            assertThat(event.toString()).contains("JP_MY_NUMBER").contains("SN-PLAIN").contains("社員名簿.csv");
            assertThat(console.person("REVIEWER").client().post("/api/admin/reviews/" + eventId + "/approve",
                    Map.of("comment", "業務上必要")).status()).isEqualTo(200);
            await("the release is done", Duration.ofSeconds(60),
                    () -> "RELEASED".equals(commandsDone(eventId).get("state").asText()));
            assertThat(Files.readAllBytes(stick.resolve("社員名簿.csv"))).as("released byte for byte")
                    .isEqualTo(Files.readAllBytes(roster));
            // the release's event travels on its own, after the command's answer: waited for, then counted
            await("the console has the release", Duration.ofSeconds(30),
                    () -> !consoleEvents(agent, "FILE_RELEASED").isEmpty());
            assertThat(consoleEvents(agent, "FILE_RELEASED")).hasSize(1);

            // cp -r of 500 files: one operation, every file decided
            Path folder = Files.createDirectories(dir.resolve("案件資料"));
            Set<Path> expected = new HashSet<>();
            for (int d = 0; d < 10; d++) {
                Path sub = Files.createDirectories(folder.resolve("フォルダ" + d));
                for (int f = 0; f < 50; f++) {
                    boolean personal = d == 3 && f < 5;
                    Path file = Files.writeString(sub.resolve("資料" + f + ".txt"), personal ? SyntheticData.roster(10, d * 100 + f)
                            : SyntheticData.minutes() + "第" + (d * 50 + f) + "回\n");
                    expected.add(stick.resolve("案件資料").resolve(folder.relativize(file)));
                }
            }
            int before = decided.size();
            Root.run("cp", "-r", folder.toString(), stick.toString());
            await("all 500 files are decided", Duration.ofSeconds(180), () -> decided.size() - before >= 500);
            agent.mediaGuard().orElseThrow().awaitIdle(Duration.ofSeconds(30));
            List<Decided> copy = decided.subList(before, decided.size());
            assertThat(copy).extracting(Decided::path).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(copy).extracting(Decided::operationId).as("one copy operation").containsOnly(
                    copy.get(0).operationId());
            assertThat(copy).filteredOn(d -> d.action() == Action.BLOCK).hasSize(5);
            assertThat(copy).filteredOn(d -> d.action() == Action.AUDIT).hasSize(495);
        }
    }

    @Test
    void filesDeletedOrAStickPulledWhileFilesAreDecidedAreRecordedAndTheAgentCarriesOn() throws Exception {
        Root.required("loop mounts and fanotify need root");
        try (AgentService agent = startAgent()) {
            Path stick = plugIn("plain", "ext4");
            awaitWatched(agent, stick);
            Path roster = Files.writeString(dir.resolve("名簿.csv"), SyntheticData.roster(200, 3));

            // written and deleted at once: nothing left to decide
            Root.run("sh", "-c", "cp '" + roster + "' '" + stick + "/gone.csv' && rm '" + stick + "/gone.csv'");
            // many files, then the stick pulled while they are decided
            Path folder = Files.createDirectories(dir.resolve("many"));
            for (int i = 0; i < 40; i++) {
                Files.writeString(folder.resolve("f" + i + ".csv"), SyntheticData.roster(50, i));
            }
            Root.run("cp", "-r", folder.toString(), stick.toString());
            Root.run("umount", "-l", stick.toString());
            assertThat(agent.mediaGuard().orElseThrow().awaitIdle(Duration.ofSeconds(120))).isTrue();

            await("the console has what could not be decided", Duration.ofSeconds(30),
                    () -> consoleEvents(agent, "ENFORCEMENT_FAILED").stream().anyMatch(e -> e.toString().contains("gone.csv")));
            await("the console has the unmount", Duration.ofSeconds(30),
                    () -> !consoleEvents(agent, "DEVICE_UNMOUNTED").isEmpty());
            assertThat(consoleEvents(agent, "DEVICE_UNMOUNTED")).hasSize(1);

            // the agent still works: a new stick is watched and decided
            Path next = plugIn("plain", "ext4");
            awaitWatched(agent, next);
            copy(roster, next.resolve("名簿.csv"));
            assertThat(decidedFor(next.resolve("名簿.csv")).action()).isEqualTo(Action.BLOCK);
        }
    }

    protected static String uncheckedOutput(String... command) {
        try {
            return output(command);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anExfatStickThroughFuseIsWatchedAndItsQuarantinedFileIsReleasedByteForByte() throws Exception {
        Root.required("loop devices and FUSE mounts need root");
        try (AgentService agent = startAgent()) {
            Path stick = plugIn("plain", "exfat");
            awaitWatched(agent, stick);
            Path roster = Files.writeString(dir.resolve("名簿.csv"), SyntheticData.roster(40, 21));
            copy(roster, stick.resolve("名簿.csv"));
            Decided blocked = decidedFor(stick.resolve("名簿.csv"));
            assertThat(blocked.action()).isEqualTo(Action.BLOCK);
            assertThat(stick.resolve("名簿.csv")).doesNotExist();

            String eventId = blocked.eventId().toString();
            await("the console has the blocked copy", Duration.ofSeconds(30),
                    () -> admin.get("/api/admin/reviews/" + eventId).status() == 200);
            assertThat(admin.post("/api/admin/reviews/" + eventId + "/approve", Map.of()).status()).isEqualTo(200);
            await("the release is done", Duration.ofSeconds(60),
                    () -> "RELEASED".equals(commandsDone(eventId).get("state").asText()));
            assertThat(Files.readAllBytes(stick.resolve("名簿.csv"))).isEqualTo(Files.readAllBytes(roster));
            Thread.sleep(2000);
            assertThat(decided).as("the agent's own release is not decided again").hasSize(1);
        }
    }

    protected static boolean readOnly(Path mountPoint) {
        try {
            return MountTable.parse(Files.readString(Path.of("/proc/self/mountinfo"))).mounts().stream()
                    .anyMatch(m -> m.mountPoint().equals(mountPoint) && m.readOnly());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
