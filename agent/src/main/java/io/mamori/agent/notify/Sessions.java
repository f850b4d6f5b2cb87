package io.mamori.agent.notify;

import java.util.List;

/** The graphical sessions of people logged in at this machine now. */
public interface Sessions {

    List<Session> graphical();
}
