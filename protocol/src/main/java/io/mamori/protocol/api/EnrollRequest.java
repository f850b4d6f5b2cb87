package io.mamori.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.Fields;
import io.mamori.protocol.patch.OsFamily;

/**
 * {@code POST /api/v1/enroll}: an agent asks to join with an enrollment token an administrator
 * created.
 *
 * @param token        the enrollment token
 * @param hostname     the machine's host name
 * @param os           the operating system
 * @param osVersion    its version
 * @param agentVersion the agent's version
 * @param agentId      optional: the id the agent chose for itself when an enrollment at install
 *                     failed and it ran on the shipped policy meanwhile, so that the events it
 *                     recorded before it could enroll are its own; the console refuses an id it
 *                     already knows (409) and, without one, makes one up
 */
public record EnrollRequest(
        @JsonProperty(required = true) String token,
        @JsonProperty(required = true) String hostname,
        @JsonProperty(required = true) OsFamily os,
        String osVersion,
        @JsonProperty(required = true) String agentVersion,
        AgentId agentId) {

    /** A request without a chosen id: the console makes one up. */
    public EnrollRequest(String token, String hostname, OsFamily os, String osVersion, String agentVersion) {
        this(token, hostname, os, osVersion, agentVersion, null);
    }

    public EnrollRequest {
        Fields.requiredText(token, "token", 256);
        Fields.requiredText(hostname, "hostname", 255);
        Fields.required(os, "os");
        Fields.optionalText(osVersion, "osVersion", 128);
        Fields.requiredText(agentVersion, "agentVersion", 64);
    }

    /** The token is a secret: never print it. */
    @Override
    public String toString() {
        return "EnrollRequest[hostname=" + hostname + ", os=" + os + ", osVersion=" + osVersion
                + ", agentVersion=" + agentVersion + ", agentId=" + agentId + ", token=<redacted>]";
    }
}
