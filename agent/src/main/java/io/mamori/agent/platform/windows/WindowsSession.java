package io.mamori.agent.platform.windows;

/**
 * An interactive session: someone is at its screen (the console or a remote desktop).
 *
 * @param id      the terminal-services session id (never 0: that is the services' session)
 * @param station its window station, e.g. "Console" or "RDP-Tcp#3"
 * @param user    the account name
 * @param domain  the account's domain (the machine's name for a local account)
 * @param sid     the account's SID in string form, e.g. S-1-5-21-…-1001
 */
record WindowsSession(int id, String station, String user, String domain, String sid) {

    /** DOMAIN\\user, as events name a Windows account. */
    String account() {
        return domain == null || domain.isEmpty() ? user : domain + "\\" + user;
    }
}
