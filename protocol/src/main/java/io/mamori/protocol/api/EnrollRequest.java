package io.mamori.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 */
public record EnrollRequest(
        @JsonProperty(required = true) String token,
        @JsonProperty(required = true) String hostname,
        @JsonProperty(required = true) OsFamily os,
        String osVersion,
        @JsonProperty(required = true) String agentVersion) {

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
                + ", agentVersion=" + agentVersion + ", token=<redacted>]";
    }
}
