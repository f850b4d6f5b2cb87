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
 */
public record HeartbeatResponse(
        @JsonProperty(required = true) Instant serverTime,
        List<Command> commands,
        long policyVersion,
        int nextHeartbeatSeconds) {

    public static final int MAX_COMMANDS = 100;

    public HeartbeatResponse {
        Fields.required(serverTime, "serverTime");
        commands = Fields.list(commands, "commands", MAX_COMMANDS);
        Fields.nonNegative(policyVersion, "policyVersion");
        Fields.atLeast(nextHeartbeatSeconds, 5, "nextHeartbeatSeconds");
    }
}
