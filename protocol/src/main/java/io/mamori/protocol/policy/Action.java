package io.mamori.protocol.policy;

/**
 * What the agent does, in rising strength. File actions apply to a file written to a removable
 * device; device actions apply to the device when it is mounted. When several rules match, the
 * strongest action wins, so adding a rule can only make a policy stricter.
 */
public enum Action {
    /** Nothing to do. */
    ALLOW(Level.BOTH),
    /** Log only. */
    AUDIT(Level.BOTH),
    /** Tell the user and let the copy stand. */
    WARN(Level.BOTH),
    /** Hold the file until the user gives a reason; no answer in time means BLOCK. */
    WARN_OVERRIDE(Level.FILE),
    /** Quarantine the file off the device; an administrator may release it. */
    BLOCK(Level.FILE),
    /** Let the device be read but not written. */
    READ_ONLY(Level.DEVICE),
    /** Do not let the device be used at all. */
    DENY(Level.DEVICE);

    private enum Level { FILE, DEVICE, BOTH }

    private final Level level;

    Action(Level level) {
        this.level = level;
    }

    public boolean appliesToFiles() {
        return level != Level.DEVICE;
    }

    public boolean appliesToDevices() {
        return level != Level.FILE;
    }

    public boolean isStrongerThan(Action other) {
        return compareTo(other) > 0;
    }

    public static Action strongest(Action a, Action b) {
        return a.isStrongerThan(b) ? a : b;
    }
}
