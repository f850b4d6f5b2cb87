package io.mamori.agent.platform.windows;

import java.util.List;

/**
 * What the JVM was started with, where it matters to a service. Without {@code -Xrs} HotSpot
 * installs a console control handler that runs shutdown hooks on CTRL_LOGOFF_EVENT and
 * CTRL_SHUTDOWN_EVENT (Oracle, "Console Handlers",
 * https://docs.oracle.com/javase/8/docs/technotes/guides/troubleshoot/signals005.html), so a
 * service JVM could be stopped behind the service control manager's back; procrun passes -Xrs by
 * default for that reason (https://commons.apache.org/proper/commons-daemon/procrun.html).
 */
final class JvmFlags {

    private JvmFlags() {
    }

    /** Whether {@code -Xrs} is among the JVM's input arguments (RuntimeMXBean#getInputArguments). */
    static boolean reducesSignalUse(List<String> inputArguments) {
        return inputArguments.stream().anyMatch(argument -> argument.strip().equals("-Xrs"));
    }
}
