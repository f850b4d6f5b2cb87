package io.mamori.console;

/**
 * Shows the first administrator's one-time password to the person who started the console — on
 * the terminal, never in a log file. Tests supply their own to read it.
 */
public interface FirstRunNotice {

    void firstAdministrator(String username, String oneTimePassword);
}
