package io.mamori.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.command.Command;
import java.time.Instant;
import java.util.List;

/**
 * The console's answer to a heartbeat.
 *
 * @param serverTime              the console's clock, so agents can report skew
 * @param commands                commands waiting for this agent, oldest first
 * @param policyVersion           the version of the policy assigned to this agent; when it differs
 *                                from the agent's, the agent fetches it
 * @param nextHeartbeatSeconds    when to send the next heartbeat
 * @param uninstallTokenSha256    the SHA-256 (64 lowercase hex digits) of the uninstall token in
 *                                force for this agent — its own, else its group's; removal of the
 *                                agent's package needs that token from then on. Absent when the
 *                                console has none for the agent (the agent keeps what it has) and
 *                                from consoles before it was added.
 */
public record HeartbeatResponse(
        @JsonProperty(required = true) Instant serverTime,
        List<Command> commands,
        long policyVersion,
        int nextHeartbeatSeconds,
        String uninstallTokenSha256) {

    public static final int MAX_COMMANDS = 100;

    public HeartbeatResponse {
        Fields.required(serverTime, "serverTime");
        commands = Fields.list(commands, "commands", MAX_COMMANDS);
        Fields.nonNegative(policyVersion, "policyVersion");
        Fields.atLeast(nextHeartbeatSeconds, 5, "nextHeartbeatSeconds");
        uninstallTokenSha256 = Fields.optionalSha256(uninstallTokenSha256, "uninstallTokenSha256");
    }

    /** An answer that names no uninstall token. */
    public HeartbeatResponse(Instant serverTime, List<Command> commands, long policyVersion, int nextHeartbeatSeconds) {
        this(serverTime, commands, policyVersion, nextHeartbeatSeconds, null);
    }
}
