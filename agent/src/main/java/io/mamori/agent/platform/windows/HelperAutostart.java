package io.mamori.agent.platform.windows;

import io.mamori.agent.platform.common.LogText;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Windows start the session helper at every log-on, in every interactive session, as the
 * user: an HKLM {@code Run} value the installer writes and the service puts back at each start
 * (so a service installed by hand with {@code sc.exe create} gets it too). Chosen over the service
 * starting helpers itself (WTSQueryUserToken + CreateProcessAsUser): no SE_TCB privilege, token or
 * environment block handling in the agent, and the helper is a normal user process the session's
 * own policies apply to. Its limits: a session already logged on when the agent is installed gets
 * its helper at its next log-on, and a helper the user ends stays gone until then — in both cases
 * that session's questions are answered NO_SESSION (the files stay blocked), as docs/windows-service.md says.
 */
final class HelperAutostart {

    private static final Logger LOG = LoggerFactory.getLogger(HelperAutostart.class);
    static final String VALUE = "MamoriSessionHelper";
    static final String MAIN = "io.mamori.agent.cli.AgentCommand";

    private final RunKeyNative runKey;

    HelperAutostart(RunKeyNative runKey) {
        this.runKey = runKey;
    }

    /** Writes the Run value when it is missing or names another command; true when it was written. */
    boolean ensure(String commandLine) {
        try {
            if (runKey.read(VALUE).filter(commandLine::equals).isPresent()) {
                return false;
            }
            runKey.write(VALUE, commandLine);
            LOG.info("the session helper starts at every log-on: HKLM\\{}\\{} = {}", JnaRunKey.KEY, VALUE, commandLine);
            return true;
        } catch (IOException e) {
            LOG.warn("could not make the session helper start at log-on ({}); people logging on are not told or asked",
                    e.getMessage());
            return false;
        }
    }

    /**
     * The helper's command line: the agent's own Java runtime, windowless ({@code javaw.exe}), small
     * heap, the agent's class path, {@code session-helper}. Every part quoted (paths with spaces:
     * "C:\Program Files\…"); a double quote cannot occur in a Windows path.
     */
    /**
     * The helper's class path as the packages lay the agent out: its jar and, beside it,
     * {@code agent-lib\*}. Not the running JVM's {@code java.class.path}, in which the launcher
     * has expanded the wildcard into every jar: the value would then differ from the one the MSI
     * writes, and be rewritten at every start.
     */
    static List<String> classPath(String agentJar) {
        int slash = Math.max(agentJar.lastIndexOf('\\'), agentJar.lastIndexOf('/'));
        String folder = slash < 0 ? "" : agentJar.substring(0, slash + 1);
        return List.of(agentJar, folder + "agent-lib\\*");
    }

    static String commandLine(String javaHome, List<String> classPath) {
        // strings, not Paths: a class path entry may end in '*', which a Windows Path refuses
        String home = javaHome.endsWith("\\") ? javaHome : javaHome + "\\";
        return quote(home + "bin\\javaw.exe") + " -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                + " -cp " + quote(String.join(";", classPath)) + " " + MAIN + " session-helper";
    }

    private static String quote(String text) {
        if (text.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a Windows path has no double quote: " + LogText.of(text));
        }
        return "\"" + text + "\"";
    }
}
