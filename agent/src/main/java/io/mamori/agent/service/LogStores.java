package io.mamori.agent.service;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.commands.CommandResults;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.log.OperationLog;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.policy.ExceptionGrants;
import io.mamori.agent.requests.DeviceRequester;
import io.mamori.agent.store.SqliteFile;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;

/** The stores kept in the operation log's file beside the log: done commands, exceptions in force, device requests. */
record LogStores(CommandResults results, ExceptionGrants grants, SqliteFile file) {

    static LogStores in(OperationLog log) throws IOException {
        try {
            return new LogStores(new CommandResults(log.file()), new ExceptionGrants(log.file()), log.file());
        } catch (SQLException e) {
            throw new IOException("cannot open the stores in the operation log's file " + log.file().path() + ": "
                    + e.getMessage(), e);
        }
    }

    DeviceRequester requests(EventRecorder recorder, AgentEvents events, Notifier notifier, Clock clock) throws IOException {
        try {
            return new DeviceRequester(file, recorder, events, notifier, clock);
        } catch (SQLException e) {
            throw new IOException("cannot open the device requests in " + file.path() + ": " + e.getMessage(), e);
        }
    }
}
