package io.mamori.agent.platform.macos;

/**
 * A person's GUI (Aqua) login session on a Mac: who, and whether it is the one on the screen now
 * (with fast user switching, others stay logged in behind it).
 *
 * @param uid       their user id
 * @param user      their short user name
 * @param onConsole whether this session has the screen
 */
record MacSession(long uid, String user, boolean onConsole) {
}
