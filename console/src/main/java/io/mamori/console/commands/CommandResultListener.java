package io.mamori.console.commands;

import io.mamori.protocol.command.CommandResult;
import java.sql.Connection;
import java.sql.SQLException;

/** Told, inside the transaction that records it, what became of a command (the review queue listens). */
public interface CommandResultListener {

    void onResult(Connection connection, String agentId, String commandType, CommandResult result) throws SQLException;
}
