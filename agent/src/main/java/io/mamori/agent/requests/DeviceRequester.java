package io.mamori.agent.requests;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.link.ConsoleClient;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.store.SqliteFile;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.command.AnswerDeviceRequest;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.request.DeviceRequest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An employee's request to use a restricted device, on the agent (issue 23): made at the desktop
 * ({@link #request}), recorded in the operation log ({@code DEVICE_REQUESTED}), kept until the
 * console has it ({@link #deliver}, after each heartbeat), and answered by the console's
 * {@code ANSWER_DEVICE_REQUEST} ({@link #answered}), which the employee is told. An approval's
 * exception arrives as {@code GRANT_EXCEPTION} and makes the device writable while it is in.
 */
public final class DeviceRequester {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRequester.class);

    private final DeviceRequestStore store;
    private final EventRecorder recorder;
    private final AgentEvents events;
    private final Notifier notifier;
    private final Clock clock;

    public DeviceRequester(SqliteFile file, EventRecorder recorder, AgentEvents events, Notifier notifier, Clock clock)
            throws SQLException {
        this.store = new DeviceRequestStore(file);
        this.recorder = recorder;
        this.events = events;
        this.notifier = notifier;
        this.clock = clock;
    }

    /**
     * Records and keeps a request, to be sent at the next heartbeat. A request the protocol refuses
     * (a period out of range, an over-long text) throws {@link InvalidFieldException} naming the
     * field, and nothing is recorded.
     *
     * @param uid the person's user id, to tell them the answer (null: everyone at the screen)
     */
    public UUID request(DeviceIdentity device, String user, Long uid, int hours, String reasonId, String reasonText)
            throws SQLException {
        DeviceRequest request = new DeviceRequest(EventIds.next(), device, user, hours, reasonId,
                reasonText == null || reasonText.isBlank() ? null : reasonText.strip(), clock.instant());
        recorder.record(new Event(EventIds.next(), events.agentId(), request.requestedAt(), EventKind.DEVICE_REQUESTED,
                events.host(), new Actor(user, uid, null, null), device, null, null, null, null, null,
                "request " + request.requestId() + ": " + hours + " h, reason " + reasonId
                        + (request.reasonText() == null ? "" : ": " + clip(request.reasonText()))));
        store.add(request, uid);
        LOG.info("{} asked to use {} for {} h ({})", user, device.shortName(), hours, reasonId);
        return request.requestId();
    }

    /** Sends the requests the console does not have yet; one it refuses is not sent again, and its asker is told. */
    public void deliver(ConsoleClient console) throws SQLException {
        for (DeviceRequestStore.Kept kept : store.unsent(20)) {
            DeviceRequest request = kept.request();
            try {
                console.deviceRequest(request);
                store.mark(request.requestId(), DeviceRequestStore.State.SENT, null);
            } catch (ConsoleException e) {
                if (e.status() >= 400 && e.status() < 500 && e.status() != 408 && e.status() != 429) {
                    LOG.warn("the console refused the request {}: {}", request.requestId(), e.getMessage());
                    store.mark(request.requestId(), DeviceRequestStore.State.REFUSED, e.getMessage());
                    tell(new Notice.RequestAnswered(request.device(), Notice.RequestAnswered.Outcome.NOT_SENT, null, null,
                            kept.uid()));
                } else {
                    LOG.info("the request {} is sent at a later heartbeat: {}", request.requestId(), e.getMessage());
                    return;
                }
            }
        }
    }

    /** The console's answer: the asker is told; DONE, or FAILED when this agent made no such request. */
    public CommandResult answered(AnswerDeviceRequest answer) throws SQLException {
        Optional<DeviceRequestStore.Kept> kept = store.find(answer.requestId());
        if (kept.isEmpty()) {
            return new CommandResult(answer.commandId(), CommandOutcome.FAILED, "this agent made no request "
                    + answer.requestId(), clock.instant());
        }
        tell(new Notice.RequestAnswered(kept.get().request().device(), answer.approved() ? Notice.RequestAnswered.Outcome.APPROVED
                : Notice.RequestAnswered.Outcome.DENIED, answer.until(), answer.comment(), kept.get().uid()));
        return new CommandResult(answer.commandId(), CommandOutcome.DONE, null, clock.instant());
    }

    private void tell(Notice notice) {
        try {
            notifier.tell(notice);
        } catch (RuntimeException e) {
            LOG.warn("could not tell the employee ({}): {}", notice.key(), e.getMessage());
        }
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() > 500 ? oneLine.substring(0, 500) : oneLine;
    }
}
