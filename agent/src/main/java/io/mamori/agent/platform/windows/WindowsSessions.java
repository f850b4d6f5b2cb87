package io.mamori.agent.platform.windows;

import io.mamori.agent.platform.common.LogText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive sessions of this machine: the console's and every remote desktop's that is
 * active (WTSActive: someone is connected to it) and has a user. Session 0 is the services' own
 * and never has anyone at it. A disconnected session keeps its user but nobody sees its screen,
 * so it is not asked. Each session's account SID is what its pipe's DACL admits.
 */
final class WindowsSessions {

    private static final Logger LOG = LoggerFactory.getLogger(WindowsSessions.class);

    private final SessionsNative wts;

    WindowsSessions(SessionsNative wts) {
        this.wts = wts;
    }

    List<WindowsSession> interactive() {
        List<WindowsSession> found = new ArrayList<>();
        List<WtsSessionTable.Entry> entries;
        try {
            entries = wts.sessions();
        } catch (IOException e) {
            LOG.warn("cannot list the terminal sessions: {}", e.getMessage());
            return found;
        }
        for (WtsSessionTable.Entry entry : entries) {
            if (entry.sessionId() == 0 || entry.state() != WtsSessionTable.WTS_ACTIVE) {
                continue;
            }
            session(entry).ifPresent(found::add);
        }
        return found;
    }

    /** The session with this id, when it is interactive now. */
    Optional<WindowsSession> byId(int sessionId) {
        return interactive().stream().filter(session -> session.id() == sessionId).findFirst();
    }

    private Optional<WindowsSession> session(WtsSessionTable.Entry entry) {
        try {
            Optional<String> user = wts.text(entry.sessionId(), WtsSessionTable.WTS_USER_NAME);
            if (user.isEmpty()) {
                return Optional.empty(); // the log-on screen of a connected remote desktop: nobody yet
            }
            String domain = wts.text(entry.sessionId(), WtsSessionTable.WTS_DOMAIN_NAME).orElse("");
            Optional<String> sid = wts.sid(domain, user.get()).filter(PipeSecurity::isSid);
            if (sid.isEmpty()) {
                LOG.warn("session {}: the account {} has no SID the agent can use; nobody there is asked",
                        entry.sessionId(), LogText.of(user.get()));
                return Optional.empty();
            }
            return Optional.of(new WindowsSession(entry.sessionId(), entry.stationName(), user.get(), domain, sid.get()));
        } catch (IOException e) {
            LOG.warn("session {}: {}", entry.sessionId(), e.getMessage());
            return Optional.empty();
        }
    }
}
