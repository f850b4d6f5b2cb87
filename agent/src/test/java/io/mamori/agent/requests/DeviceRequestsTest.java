package io.mamori.agent.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.AgentEvents;
import io.mamori.agent.cli.AgentCommand;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.log.AgentKey;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.log.LogRecord;
import io.mamori.agent.log.OperationLog;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.Await;
import io.mamori.agent.testing.ConsoleEvents;
import io.mamori.agent.testing.RecordingNotifier;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.command.AnswerDeviceRequest;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's side of an employee's device request (issue 23): recorded and kept, sent with the
 * heartbeats to a real console, answered by a reviewer there, the answer told to the employee.
 */
class DeviceRequestsTest {

    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "090c", "1000", "SN-ASK-1",
            "Silicon Motion", "Flash", null, "USB", 16_000_000_000L);

    @TempDir
    Path dir;

    @Test
    void aRequestIsRecordedAndTheAnswerIsToldToWhoAskedAndABadOneRecordsNothing() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("state"));
        try (OperationLog log = OperationLog.open(state.operationLog(), AgentKey.loadOrCreate(state), Clock.systemUTC(), 1000,
                Duration.ofMinutes(10))) {
            RecordingNotifier notifier = new RecordingNotifier();
            DeviceRequester requests = new DeviceRequester(log.file(), new EventRecorder(log, () -> { }),
                    new AgentEvents(AgentId.random(), "pc-1", Clock.systemUTC()), notifier, Clock.systemUTC());

            assertThatThrownBy(() -> requests.request(STICK, "tanaka", 1000L, 24 * 365, "business", null))
                    .isInstanceOf(InvalidFieldException.class).hasMessageContaining("hours");
            assertThat(log.unsent(100)).isEmpty();

            UUID id = requests.request(STICK, "tanaka", 1000L, 8, "business", "展示会で資料を渡すため");
            List<LogRecord> records = log.unsent(100);
            assertThat(records).hasSize(1);
            Event recorded = ProtocolJson.read(records.get(0).document(), Event.class);
            assertThat(recorded.kind()).isEqualTo(EventKind.DEVICE_REQUESTED);
            assertThat(recorded.device()).isEqualTo(STICK);
            assertThat(recorded.actor().user()).isEqualTo("tanaka");
            assertThat(recorded.detail()).contains(id.toString()).contains("8 h").contains("展示会で資料を渡すため");

            Instant until = Instant.parse("2026-12-08T18:00:00Z");
            var done = requests.answered(new AnswerDeviceRequest(UUID.randomUUID(), Instant.now(), id, true, until, "展示会の間だけ"));
            assertThat(done.outcome()).isEqualTo(CommandOutcome.DONE);
            assertThat(notifier.told).hasSize(1);
            Notice.RequestAnswered told = (Notice.RequestAnswered) notifier.told.get(0);
            assertThat(told.outcome()).isEqualTo(Notice.RequestAnswered.Outcome.APPROVED);
            assertThat(told.until()).isEqualTo(until);
            assertThat(told.person()).isEqualTo(1000L);
            assertThat(told.forOnePerson()).isTrue();
            assertThat(new io.mamori.agent.notify.NoticeTexts(Map.of()).text(told, java.util.Locale.JAPANESE))
                    .contains("使用申請").contains("承認されました").contains("担当者のコメント：展示会の間だけ");

            var unknown = requests.answered(new AnswerDeviceRequest(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), false,
                    null, "いいえ"));
            assertThat(unknown.outcome()).isEqualTo(CommandOutcome.FAILED);
            assertThat(notifier.told).hasSize(1);
        }
    }

    @Test
    void aRequestReachesTheConsoleWithinAHeartbeatAndAReviewersApprovalComesBackAsAGrantAndAnAnswer() throws Exception {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null)) {
            StateDirectory state = StateDirectory.open(dir.resolve("agent"));
            assertThat(AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console", console.client().baseUrl() + "/",
                    "--token", console.enrollmentToken("default", 1, 1), "--fingerprint", console.tls().fingerprint(), "--hostname",
                    "pc-ask.example.jp")).isZero();
            AgentConfig defaults = AgentConfig.defaults();
            AgentConfig config = new AgentConfig(50, defaults.outboxMaxEvents(), defaults.outboxMaxAge(), defaults.retention(),
                    defaults.maxLogBytes(), defaults.checkpointEvery(), defaults.checkpointInterval(), Duration.ofSeconds(5), null,
                    defaults.stallAfter(), defaults.media(), defaults.indexer());
            ApiClient admin = console.admin().client();
            try (AgentService agent = AgentService.start(state, AgentIdentity.load(state).orElseThrow(), config, Clock.systemUTC())) {
                String agentId = agent.events().agentId().toString();
                // the stick as the guard records it when it is mounted
                agent.recorder().record(new Event(EventIds.next(), agent.events().agentId(), Instant.now(), EventKind.DEVICE_MOUNTED,
                        "pc-ask.example.jp", null, STICK, null, null, new Decision(Action.READ_ONLY, List.of("read-only"), null, false,
                        1), null, null, "/media/usb mounted (vfat)"));
                Await.until("the mount at the console", Duration.ofSeconds(30),
                        () -> !ConsoleEvents.of(admin, agentId, "DEVICE_MOUNTED").isEmpty());

                DeviceIdentity unknown = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "NEVER-MOUNTED", null, null,
                        null, null, 0);
                agent.deviceRequests().request(unknown, "tanaka", 1000L, 8, "business", null);
                UUID id = agent.deviceRequests().request(STICK, "tanaka", 1000L, 8, "business", "展示会で資料を渡すため");
                Await.until("the request in the console's queue", Duration.ofSeconds(30),
                        () -> admin.get("/api/admin/device-requests").json().size() == 1);
                JsonNode queued = admin.get("/api/admin/device-requests").json().get(0);
                assertThat(queued.get("id").asText()).as("the one for a device never mounted was refused").isEqualTo(id.toString());
                Await.until("the request's record at the console", Duration.ofSeconds(30),
                        () -> ConsoleEvents.of(admin, agentId, "DEVICE_REQUESTED").size() == 2);

                assertThat(admin.post("/api/admin/device-requests/" + id + "/approve", Map.of("hours", 2)).status()).isEqualTo(200);
                Await.until("the grant and the answer carried out", Duration.ofSeconds(30), () -> {
                    JsonNode commands = admin.get("/api/admin/agents/" + agentId + "/commands").json();
                    long done = 0;
                    for (JsonNode command : commands) {
                        if (List.of("GRANT_EXCEPTION", "ANSWER_DEVICE_REQUEST").contains(command.path("type").asText())
                                && "DONE".equals(command.path("outcome").asText())) {
                            done++;
                        }
                    }
                    return done == 2;
                });
                assertThat(admin.get("/api/admin/device-requests?state=APPROVED").json()).hasSize(1);
                assertThat(admin.get("/api/admin/device-requests").json()).isEmpty();
            }
        }
    }
}
