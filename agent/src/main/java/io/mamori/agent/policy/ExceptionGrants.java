package io.mamori.agent.policy;

import io.mamori.agent.log.OperationLog;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.ExceptionGrant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The exceptions the console granted this machine that have not expired (kept in the operation log's file). */
public final class ExceptionGrants {

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionGrants.class);

    private final OperationLog log;

    public ExceptionGrants(OperationLog log) {
        this.log = log;
    }

    /** The grants in force at {@code now}; none when they cannot be read (decisions then use policy alone). */
    public List<ExceptionGrant> inForce(Instant now) {
        try {
            return log.transaction(connection -> {
                List<ExceptionGrant> grants = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT document FROM exception_grant WHERE expires_at > ? ORDER BY id")) {
                    select.setLong(1, now.toEpochMilli());
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            grants.add(ProtocolJson.read(row.getString(1), ExceptionGrant.class));
                        }
                    }
                }
                return grants;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot read the exceptions in force ({}); deciding by policy alone", e.getMessage());
            return List.of();
        }
    }
}
