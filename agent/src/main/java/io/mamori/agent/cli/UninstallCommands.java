package io.mamori.agent.cli;

import static io.mamori.agent.cli.AgentCommand.MESSAGES;

import io.mamori.agent.cli.AgentCommand.Refusal;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.uninstall.RefusedRemovals;
import io.mamori.agent.uninstall.UninstallToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mamori agent uninstall-hash} and {@code uninstall-check}: what the packages' install and
 * removal scripts call, so every OS's package keeps and checks the uninstall token the same way
 * (docs/deploy.md). Exit codes: 0 kept / removal allowed, 1 removal refused, 2 bad input.
 */
final class UninstallCommands {

    /** The environment variable a removal may carry the token in. */
    static final String TOKEN_VARIABLE = "MAMORI_UNINSTALL_TOKEN";

    private UninstallCommands() {
    }

    /** {@code uninstall-hash --sha256 HEX}: removal needs the token with this SHA-256 from now on. */
    @Command(name = "uninstall-hash", mixinStandardHelpOptions = true)
    static final class Hash extends AgentCommand.Sub {
        @Option(names = "--sha256", required = true, descriptionKey = "uninstall-sha256", paramLabel = "HEX")
        String sha256;

        @Override
        int execute() throws Refusal, IOException {
            if (UninstallToken.normalize(sha256).isEmpty()) {
                throw new Refusal(MESSAGES.get("uninstall.bad-hex"));
            }
            StateDirectory directory = state.open();
            UninstallToken.keep(directory, sha256);
            System.out.println(MESSAGES.get("uninstall.kept", directory.uninstallTokenHash()));
            return 0;
        }
    }

    /**
     * {@code uninstall-check [--token T | --token-file F]}, else {@code MAMORI_UNINSTALL_TOKEN}:
     * exit 0 when removal is allowed, 1 when refused — then a record of the refusal (never the
     * token) waits in the state directory for the running agent to report.
     */
    @Command(name = "uninstall-check", mixinStandardHelpOptions = true)
    static final class Check extends AgentCommand.Sub {
        @Option(names = "--token", descriptionKey = "uninstall-token", paramLabel = "TOKEN")
        String token;

        @Option(names = "--token-file", descriptionKey = "uninstall-token-file", paramLabel = "FILE")
        Path tokenFile;

        @Override
        int execute() throws Refusal, IOException {
            if (token != null && tokenFile != null) {
                throw new Refusal(MESSAGES.get("uninstall.both-given"));
            }
            String given = token;
            if (tokenFile != null) {
                try {
                    given = Files.readString(tokenFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                } catch (IOException e) {
                    throw new Refusal(MESSAGES.get("uninstall.token-file", tokenFile, e.getMessage()));
                }
            } else if (given == null) {
                given = System.getenv(TOKEN_VARIABLE);
            }
            StateDirectory directory = state.open();
            UninstallToken.Verdict verdict = UninstallToken.check(directory, given);
            switch (verdict) {
                case ALLOWED_NO_HASH -> System.out.println(MESSAGES.get("uninstall.allowed.no-hash"));
                case ALLOWED_MATCH -> System.out.println(MESSAGES.get("uninstall.allowed"));
                default -> {
                    boolean recorded = new RefusedRemovals(directory).record(Instant.now(), reason(verdict),
                            System.getProperty("user.name"));
                    System.err.println(MESSAGES.get(switch (verdict) {
                        case REFUSED_NO_TOKEN -> "uninstall.refused.no-token";
                        case REFUSED_WRONG_TOKEN -> "uninstall.refused.wrong-token";
                        default -> "uninstall.refused.damaged";
                    }, directory.uninstallTokenHash()));
                    if (!recorded) {
                        System.err.println(MESSAGES.get("uninstall.not-recorded"));
                    }
                    return 1;
                }
            }
            return 0;
        }

        /** Why, for the console's event (English, as every event's detail). */
        private static String reason(UninstallToken.Verdict verdict) {
            return switch (verdict) {
                case REFUSED_NO_TOKEN -> "no uninstall token was given";
                case REFUSED_WRONG_TOKEN -> "the uninstall token given does not match";
                default -> "the kept hash of the uninstall token is damaged or readable by others";
            };
        }
    }
}
