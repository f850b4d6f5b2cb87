package io.mamori.agent.cli;

import io.mamori.agent.AgentVersion;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.config.AgentConfigFile;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.link.Enrollment;
import io.mamori.agent.log.AgentKey;
import io.mamori.agent.log.LogReader;
import io.mamori.agent.log.LogVerifier;
import io.mamori.agent.log.OperationLog;
import io.mamori.agent.platform.Platform;
import io.mamori.agent.platform.macos.MacPlatform;
import io.mamori.agent.platform.windows.WindowsDesktop;
import io.mamori.agent.platform.windows.WindowsPlatform;
import io.mamori.agent.platform.windows.WindowsServiceHost;
import io.mamori.agent.policy.ShippedPolicy;
import io.mamori.agent.service.ConsoleContact;
import io.mamori.agent.service.RunningAgent;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.PendingEnrollment;
import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.signing.SigningKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mamori agent}: run, enroll, status, log, verify-log, uninstall-hash, uninstall-check; on
 * Windows also service; on Windows and macOS session-helper. Exit codes: 0 done, 1 the log is
 * not intact (verify-log) or removal refused (uninstall-check), 2 bad input or state, 3 the
 * console refused or could not be reached, 5 the same with {@code enroll --pending-on-failure}: the
 * enrollment is kept and the running agent tries it again.
 */
@Command(name = "mamori agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        subcommands = {AgentCommand.Run.class, EnrollCommand.class, AgentCommand.Status.class, AgentCommand.Log.class,
                AgentCommand.VerifyLog.class, AgentCommand.Service.class, AgentCommand.SessionHelperCommand.class,
                UninstallCommands.Hash.class, UninstallCommands.Check.class})
public final class AgentCommand implements Callable<Integer> {

    static final AgentMessages MESSAGES = AgentMessages.forEnvironment();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new AgentCommand());
        line.setResourceBundle(ResourceBundle.getBundle("io.mamori.agent.messages", AgentMessages.locale()));
        line.getCommandSpec().usageMessage().description(MESSAGES.get("agent.usage"));
        for (String[] sub : new String[][] {{"run", "run.usage"}, {"enroll", "enroll.usage"}, {"status", "status.usage"},
                {"log", "log.usage"}, {"verify-log", "verify.usage"}, {"service", "service.usage"},
                {"session-helper", "session-helper.usage"}, {"uninstall-hash", "uninstall-hash.usage"},
                {"uninstall-check", "uninstall-check.usage"}}) {
            line.getSubcommands().get(sub[0]).getCommandSpec().usageMessage().description(MESSAGES.get(sub[1]));
        }
        return line;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** Options every subcommand has. */
    static class StateOption {
        @Option(names = "--state-dir", descriptionKey = "state-dir", paramLabel = "DIR")
        Path stateDir;

        StateDirectory open() throws IOException {
            return StateDirectory.open(StateDirectory.locate(stateDir));
        }
    }

    static AgentIdentity identity(StateDirectory state) throws IOException, Refusal {
        return AgentIdentity.load(state).orElseThrow(() -> new Refusal(MESSAGES.get("error.not-enrolled", state.identity())));
    }

    static AgentConfig config(StateDirectory state) throws Refusal {
        try {
            return AgentConfigFile.read(state.config());
        } catch (AgentConfigFile.ConfigException e) {
            throw new Refusal(MESSAGES.get("error.config", e.getMessage()));
        }
    }

    /** Bad input or state, said to the person at the terminal; exit code 2. */
    static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @CommandLine.Mixin
        StateOption state = new StateOption();

        @Override
        public final Integer call() {
            try {
                return execute();
            } catch (Refusal e) {
                System.err.println(e.getMessage());
                return 2;
            } catch (IOException | SQLException e) {
                System.err.println("mamori agent: " + e.getMessage());
                return 2;
            }
        }

        abstract int execute() throws Refusal, IOException, SQLException;
    }

    /** {@code --shipped-policy}: what run and service enforce while there is no console policy. */
    static class ShippedPolicyOption {
        @Option(names = "--shipped-policy", descriptionKey = "shipped-policy", paramLabel = "FILE")
        Path file;

        Optional<Policy> read() throws Refusal {
            if (file == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(ShippedPolicy.read(file));
            } catch (ShippedPolicy.Unusable e) {
                throw new Refusal(MESSAGES.get("error.shipped-policy", e.getMessage()));
            }
        }
    }

    /** Starts the agent enrolled, or on the shipped policy while an enrollment asked for at install is pending. */
    static RunningAgent startAgent(StateDirectory directory, AgentConfig config, Optional<Policy> shipped)
            throws Refusal, IOException {
        try {
            return RunningAgent.start(directory, config, shipped, Clock.systemUTC());
        } catch (RunningAgent.NotEnrolled e) {
            throw new Refusal(MESSAGES.get("error.not-enrolled", directory.identity()));
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true)
    static final class Run extends Sub {
        @CommandLine.Mixin
        ShippedPolicyOption shipped = new ShippedPolicyOption();

        @Override
        int execute() throws Refusal, IOException {
            StateDirectory directory = state.open();
            AgentConfig config = config(directory);
            Optional<Policy> shippedPolicy = shipped.read();
            FileLock lock = directory.lock();
            if (lock == null) {
                throw new Refusal(MESSAGES.get("error.already-running", directory.root()));
            }
            RunningAgent agent = startAgent(directory, config, shippedPolicy);
            CountDownLatch done = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println(MESSAGES.get("stopping"));
                agent.close();
                done.countDown();
            }, "mamori-shutdown"));
            long ready = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            Optional<AgentIdentity> identity = AgentIdentity.load(directory);
            if (identity.isPresent()) {
                System.out.println(MESSAGES.get("started", AgentVersion.current(), identity.get().agentId(),
                        identity.get().consoleUrl(), ready, directory.root()));
            } else {
                PendingEnrollment pending = PendingEnrollment.load(directory).orElseThrow();
                System.out.println(MESSAGES.get("started.unenrolled", AgentVersion.current(), pending.agentId(),
                        pending.consoleUrl(), ready, directory.root(), MESSAGES.get(shippedPolicy.isPresent()
                                ? "started.on-shipped-policy" : "started.audit-only")));
            }
            System.out.flush();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    /**
     * {@code mamori agent service}: what the Windows service runs (docs/windows-service.md). The
     * main thread goes to the service control manager at once; the agent starts in service main
     * and stops on STOP or SHUTDOWN the way {@code run} stops on SIGTERM. Service-specific exit
     * codes: 2 not enrolled or bad configuration, 3 the agent could not start, 4 already running.
     */
    @Command(name = "service", mixinStandardHelpOptions = true)
    static final class Service extends Sub {
        @CommandLine.Mixin
        ShippedPolicyOption shipped = new ShippedPolicyOption();

        @Override
        int execute() throws Refusal {
            if (!isWindows()) {
                throw new Refusal(MESSAGES.get("error.not-windows", "service"));
            }
            AtomicReference<WindowsDesktop> desktop = new AtomicReference<>();
            WindowsServiceHost host = WindowsPlatform.service(() -> start(desktop)).onSessionChange(change -> {
                WindowsDesktop helpers = desktop.get();
                if (helpers != null) {
                    helpers.sessionChanged(change);
                }
            });
            return host.run();
        }

        private AutoCloseable start(AtomicReference<WindowsDesktop> desktop) throws Exception {
            StateDirectory directory;
            AgentConfig config;
            Optional<Policy> shippedPolicy;
            try {
                directory = state.open();
                config = config(directory);
                shippedPolicy = shipped.read();
            } catch (Refusal e) {
                throw new WindowsServiceHost.StartFailure(2, e.getMessage());
            }
            FileLock lock = directory.lock();
            if (lock == null) {
                throw new WindowsServiceHost.StartFailure(4, MESSAGES.get("error.already-running", directory.root()));
            }
            RunningAgent service;
            try {
                service = startAgent(directory, config, shippedPolicy);
            } catch (Refusal e) {
                throw new WindowsServiceHost.StartFailure(2, e.getMessage());
            } catch (IOException e) {
                throw new WindowsServiceHost.StartFailure(3, e.getMessage());
            }
            // the session helpers' pipes, open from the start so helpers connect before the first question;
            // the agent's notices go to the same notifier (Platform.notifier gives this one)
            WindowsDesktop helpers = WindowsPlatform.notifier(() -> service.current().policy().inForce()
                    .map(p -> p.notifications()).orElse(java.util.Map.of()), Clock.systemUTC());
            desktop.set(helpers);
            WindowsPlatform.ensureHelperAutostart();
            return () -> {
                desktop.set(null);
                helpers.close();
                service.close();
            };
        }
    }

    /**
     * {@code mamori agent session-helper}: started in each Windows user session at log-on
     * (docs/windows-service.md) and in each macOS Aqua session by the LaunchAgent
     * jp.mamori.session-helper (docs/macos-service.md).
     */
    @Command(name = "session-helper", mixinStandardHelpOptions = true)
    static final class SessionHelperCommand implements Callable<Integer> {
        @Option(names = "--socket-dir", descriptionKey = "socket-dir", paramLabel = "DIR")
        Path socketDir;

        @Override
        public Integer call() {
            if (isWindows()) {
                return WindowsPlatform.runSessionHelper(AgentMessages.locale());
            }
            if (isMac()) {
                return MacPlatform.runSessionHelper(AgentMessages.locale(), socketDir != null ? socketDir : MacPlatform.SOCKET_DIR);
            }
            System.err.println(MESSAGES.get("error.no-session-helper"));
            return 2;
        }
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    static boolean isMac() {
        return System.getProperty("os.name", "").startsWith("Mac");
    }

    @Command(name = "status", mixinStandardHelpOptions = true)
    static final class Status extends Sub {
        @Override
        int execute() throws Refusal, IOException, SQLException {
            StateDirectory directory = state.open();
            PrintStream out = System.out;
            Optional<AgentIdentity> enrolled = AgentIdentity.load(directory);
            Optional<PendingEnrollment> pending = enrolled.isPresent() ? Optional.empty() : PendingEnrollment.load(directory);
            if (enrolled.isPresent()) {
                out.println(MESSAGES.get("status.enrolled", enrolled.get().agentId(), enrolled.get().hostname()));
                out.println(MESSAGES.get("status.console", enrolled.get().consoleUrl()));
            } else if (pending.isPresent()) {
                PendingEnrollment waiting = pending.get();
                out.println(MESSAGES.get("status.pending", waiting.agentId(), waiting.hostname()));
                out.println(MESSAGES.get("status.console", waiting.consoleUrl()));
                out.println(MESSAGES.get("status.pending-since", waiting.since(), waiting.attempts(),
                        waiting.lastAttemptAt() == null ? MESSAGES.get("status.unknown") : waiting.lastAttemptAt().toString()));
                out.println(MESSAGES.get("status.pending-why", waiting.unusable() != null
                        ? MESSAGES.get("status.pending-unusable", waiting.unusable())
                        : waiting.lastFailure() == null ? MESSAGES.get("status.unknown") : waiting.lastFailure()));
                out.println(MESSAGES.get("status.pending-policy"));
            } else {
                throw new Refusal(MESSAGES.get("error.not-enrolled", directory.identity()));
            }
            if (!Files.exists(directory.operationLog())) {
                out.println(MESSAGES.get("status.reachable", MESSAGES.get("status.unknown")));
                return 0;
            }
            try (LogReader log = LogReader.open(directory.operationLog())) {
                ConsoleContact contact = ConsoleContact.read(log.state());
                out.println(MESSAGES.get("status.reachable", contact.reachable().map(yes -> MESSAGES.get(yes ? "status.yes" : "status.no"))
                        .orElse(MESSAGES.get("status.unknown"))));
                out.println(MESSAGES.get("status.last-heartbeat", contact.lastHeartbeatAt().map(Instant::toString)
                        .orElse(MESSAGES.get("status.unknown"))));
                out.println(MESSAGES.get("status.policy", contact.policyVersion().map(String::valueOf)
                        .orElse(MESSAGES.get("status.unknown"))));
                out.println(MESSAGES.get("status.unsent", log.unsentCount()));
                out.println(MESSAGES.get("status.dropped", log.state().get(OperationLog.DROPPED_TOTAL).orElse(0L)));
                contact.lastError().ifPresent(error -> out.println(MESSAGES.get("status.last-error", error)));
            }
            return 0;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true)
    static final class Log extends Sub {
        private static final Pattern AGE = Pattern.compile("(\\d+)(m|h|d)");

        @Option(names = "--json", descriptionKey = "json")
        boolean json;

        @Option(names = "--since", descriptionKey = "since", paramLabel = "TIME")
        String since;

        @Override
        int execute() throws Refusal, IOException, SQLException {
            StateDirectory directory = state.open();
            long from = since == null ? Long.MIN_VALUE : parseSince(since).toEpochMilli();
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            try (LogReader log = LogReader.open(directory.operationLog())) {
                log.forEachSince(from, record -> {
                    if (json) {
                        out.println(record.document());
                    } else {
                        out.printf(Locale.ROOT, "#%-8d %s  %-16s %-13s %s%n", record.seq(), record.occurredAt(), record.kind(),
                                record.action() == null ? "-" : record.action(),
                                switch (record.state()) {
                                    case OperationLog.SENT -> "sent";
                                    case OperationLog.DROPPED -> "not sent (over capacity)";
                                    case OperationLog.REJECTED -> "refused by console";
                                    default -> "unsent";
                                });
                    }
                });
            }
            out.flush();
            return 0;
        }

        static Instant parseSince(String text) throws Refusal {
            Matcher age = AGE.matcher(text.trim());
            if (age.matches()) {
                long amount = Long.parseLong(age.group(1));
                Duration duration = switch (age.group(2)) {
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
                return Instant.now().minus(duration);
            }
            try {
                return Instant.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new Refusal(MESSAGES.get("error.since", text));
            }
        }
    }

    @Command(name = "verify-log", mixinStandardHelpOptions = true)
    static final class VerifyLog extends Sub {
        @Override
        int execute() throws Refusal, IOException, SQLException {
            StateDirectory directory = state.open();
            try (LogReader log = LogReader.open(directory.operationLog())) {
                LogVerifier.Result result = log.verify(AgentKey.readPublic(directory));
                if (result.intact()) {
                    System.out.println(MESSAGES.get("verify.ok", result.records(), result.firstSeq(), result.lastSeq(),
                            result.checkpoints()));
                    return 0;
                }
                System.out.println(MESSAGES.get("verify.broken", result.brokenAt(), result.problem()));
                return 1;
            }
        }
    }

    /** The version picocli prints for --version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mamori agent " + AgentVersion.current()};
        }
    }
}
