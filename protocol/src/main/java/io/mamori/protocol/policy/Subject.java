package io.mamori.protocol.policy;

import io.mamori.protocol.Fields;
import io.mamori.protocol.device.DeviceIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Who and where a decision is about: the device, the user's groups, the exceptions currently
 * granted to this machine, and the time (for exception expiry).
 */
public record Subject(DeviceIdentity device, Set<String> userGroups, List<ExceptionGrant> exceptions, Instant now) {

    public Subject {
        Fields.required(device, "device");
        userGroups = Fields.set(userGroups, "userGroups", 10_000);
        exceptions = Fields.list(exceptions, "exceptions", 100_000);
        Fields.required(now, "now");
    }
}
