package io.mamori.agent.patch;

/**
 * What a package manager's output says is waiting: updates, and how many of them are security
 * updates (never more than the updates).
 */
public record PendingUpdates(int updates, int security) {

    public PendingUpdates {
        if (updates < 0 || security < 0 || security > updates) {
            throw new IllegalArgumentException("pending updates " + updates + ", of them security " + security);
        }
    }

    public static final PendingUpdates NONE = new PendingUpdates(0, 0);
}
