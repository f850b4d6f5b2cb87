package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.cli.AgentCommand;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The launchd property lists the installer puts in /Library/LaunchDaemons and /Library/LaunchAgents
 * (resources io/mamori/agent/macos): well-formed plists (read with the JDK's parser, Apple's DTD
 * named but never fetched), the keys launchd needs, absolute paths, and the daemon and the helper
 * agreeing on the runtime, the class path and the socket folder. launchd itself has not read them:
 * that needs a Mac (docs/macos-service.md).
 */
class MacLaunchdPlistsTest {

    private static final String HOME = "/Library/Application Support/Mamori";
    private static final String JAVA = HOME + "/runtime/bin/java";
    private static final String CLASS_PATH = HOME + "/mamori-agent.jar:" + HOME + "/agent-lib/*";

    @Test
    @SuppressWarnings("unchecked")
    void theDaemonRunsTheAgentAsRootWithTheBundledRuntimeItsJvmOptionsAndItsStateFolder() throws Exception {
        Map<String, Object> daemon = plist("jp.mamori.agent.plist");
        assertThat(daemon).containsEntry("Label", "jp.mamori.agent").containsEntry("UserName", "root")
                .containsEntry("RunAtLoad", true).containsEntry("KeepAlive", true)
                .containsEntry("StandardOutPath", "/Library/Logs/Mamori/agent.log")
                .containsEntry("StandardErrorPath", "/Library/Logs/Mamori/agent.err.log");
        List<String> arguments = (List<String>) daemon.get("ProgramArguments");
        assertThat(arguments).containsExactly(JAVA, "@" + HOME + "/jvm.options",
                "-Dmamori.worker.class-path=" + HOME + "/mamori-agent.jar:" + HOME + "/lib/*", "-cp", CLASS_PATH,
                AgentCommand.class.getName(), "run", "--state-dir", HOME + "/agent", "--shipped-policy",
                HOME + "/policy/default.json");
        assertAbsolute(arguments, daemon);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHelperRunsInEveryAquaSessionWithTheSameRuntimeAndClassPathAndTheDaemonsSocketFolder() throws Exception {
        Map<String, Object> helper = plist("jp.mamori.session-helper.plist");
        Map<String, Object> daemon = plist("jp.mamori.agent.plist");
        assertThat(helper).containsEntry("Label", "jp.mamori.session-helper").containsEntry("LimitLoadToSessionType", "Aqua")
                .containsEntry("RunAtLoad", true).containsEntry("KeepAlive", Map.of("SuccessfulExit", false))
                .doesNotContainKey("UserName");
        List<String> arguments = (List<String>) helper.get("ProgramArguments");
        List<String> daemonArguments = (List<String>) daemon.get("ProgramArguments");
        assertThat(arguments.get(0)).isEqualTo(daemonArguments.get(0));
        assertThat(arguments).contains("-Dapple.awt.UIElement=true")
                .containsSubsequence("-cp", CLASS_PATH, AgentCommand.class.getName(), "session-helper", "--socket-dir",
                        MacPlatform.SOCKET_DIR.toString());
        assertThat(daemonArguments).containsSubsequence("-cp", CLASS_PATH);
        assertAbsolute(arguments, helper);
    }

    @Test
    void theAgentsJvmOptionsAreAJavaArgumentFileAsTheDaemonGivesThem() throws Exception {
        Path options = Path.of("jvm.options").toAbsolutePath();
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + options,
                "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor()).as(output).isZero();
        assertThat(output).containsPattern("MaxHeapSize\\s+= 100663296 ").containsPattern("UsePerfData\\s+= false ");
    }

    /** Every path launchd is given is absolute (it has no working folder to resolve against but the one it is told). */
    private static void assertAbsolute(List<String> arguments, Map<String, Object> plist) {
        for (String argument : arguments) {
            String path = argument.startsWith("@") ? argument.substring(1)
                    : argument.startsWith("-D") && argument.contains("=/") ? argument.substring(argument.indexOf('=') + 1)
                    : argument;
            if (path.contains("/")) {
                for (String part : path.split(":")) {
                    assertThat(part).as(argument).startsWith("/");
                }
            }
        }
        for (String key : List.of("StandardOutPath", "StandardErrorPath", "WorkingDirectory")) {
            if (plist.containsKey(key)) {
                assertThat((String) plist.get(key)).as(key).startsWith("/");
            }
        }
    }

    /** A plist as maps, lists, strings, booleans and longs; external DTDs and entities refused. */
    static Map<String, Object> plist(String name) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setExpandEntityReferences(false);
        factory.setIgnoringComments(true);
        try (InputStream in = MacLaunchdPlistsTest.class.getResourceAsStream("/io/mamori/agent/macos/" + name)) {
            assertThat(in).as(name).isNotNull();
            Element root = factory.newDocumentBuilder().parse(in).getDocumentElement();
            assertThat(root.getTagName()).isEqualTo("plist");
            List<Element> top = children(root);
            assertThat(top).hasSize(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> dict = (Map<String, Object>) value(top.get(0));
            return dict;
        }
    }

    private static Object value(Element element) {
        switch (element.getTagName()) {
            case "dict" -> {
                Map<String, Object> dict = new LinkedHashMap<>();
                List<Element> items = children(element);
                assertThat(items.size() % 2).as("a dict is key, value pairs").isZero();
                for (int i = 0; i < items.size(); i += 2) {
                    assertThat(items.get(i).getTagName()).isEqualTo("key");
                    String key = items.get(i).getTextContent();
                    assertThat(dict).as("duplicate key " + key).doesNotContainKey(key);
                    dict.put(key, value(items.get(i + 1)));
                }
                return dict;
            }
            case "array" -> {
                List<Object> array = new ArrayList<>();
                children(element).forEach(item -> array.add(value(item)));
                return array;
            }
            case "string" -> {
                return element.getTextContent();
            }
            case "integer" -> {
                return Long.parseLong(element.getTextContent().strip());
            }
            case "true" -> {
                return true;
            }
            case "false" -> {
                return false;
            }
            default -> throw new AssertionError("not a plist element this test reads: " + element.getTagName());
        }
    }

    private static List<Element> children(Element element) {
        List<Element> found = new ArrayList<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                found.add(child);
            }
        }
        return found;
    }
}
