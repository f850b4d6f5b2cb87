package io.mamori.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.uninstall.RefusedRemovals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mamori agent uninstall-hash} and {@code uninstall-check}, as the packages' scripts call
 * them: the hash kept owner-only, bad hex refused with exit 2, removal allowed without a kept hash
 * and with the right token, refused (exit 1) without one or with a wrong one — and then a record
 * of the refusal is left for the agent, without the token.
 */
class UninstallCommandsTest {

    private static final String TOKEN = "uninstall-Token-for-tests-0001";
    private static final String WRONG = "not-the-uninstall-token";

    @TempDir
    Path dir;

    record Ran(int exit, String out, String err) {
    }

    private static Ran run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        ByteArrayOutputStream complained = new ByteArrayOutputStream();
        System.setOut(new PrintStream(said, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(complained, true, StandardCharsets.UTF_8));
        try {
            int exit = AgentCommand.run(args);
            return new Ran(exit, said.toString(StandardCharsets.UTF_8), complained.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private Path state() {
        return dir.resolve("state");
    }

    private List<RefusedRemovals.Refusal> refusals() throws IOException {
        return new RefusedRemovals(StateDirectory.open(state())).pending();
    }

    @Test
    void theHashIsKeptOwnerOnlyInLowerCaseAndReplacedByTheNext() throws Exception {
        Ran kept = run("uninstall-hash", "--state-dir", state().toString(), "--sha256", sha256(TOKEN).toUpperCase());
        assertThat(kept.exit()).as(kept.err()).isZero();
        Path file = state().resolve("uninstall-token.sha256");
        assertThat(kept.out()).contains(file.toString());
        assertThat(Files.readString(file).strip()).isEqualTo(sha256(TOKEN));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        assertThat(run("uninstall-hash", "--state-dir", state().toString(), "--sha256", sha256(WRONG)).exit()).isZero();
        assertThat(Files.readString(file).strip()).isEqualTo(sha256(WRONG));
    }

    @Test
    void aHashThatIsNot64HexDigitsIsRefusedWithExitTwoAndChangesNothing() throws Exception {
        assertThat(run("uninstall-hash", "--state-dir", state().toString(), "--sha256", sha256(TOKEN)).exit()).isZero();
        for (String bad : new String[] {"", "abc", sha256(TOKEN) + "0", "g" + sha256(TOKEN).substring(1), TOKEN}) {
            Ran refused = run("uninstall-hash", "--state-dir", state().toString(), "--sha256", bad);
            assertThat(refused.exit()).as(bad).isEqualTo(2);
            assertThat(refused.err()).contains("--sha256");
        }
        assertThat(run("uninstall-hash", "--state-dir", state().toString()).exit()).as("no --sha256").isEqualTo(2);
        assertThat(Files.readString(state().resolve("uninstall-token.sha256")).strip()).isEqualTo(sha256(TOKEN));
    }

    @Test
    void withNoHashKeptRemovalIsAllowedAndSaysSo() throws Exception {
        Ran allowed = run("uninstall-check", "--state-dir", state().toString());
        assertThat(allowed.exit()).isZero();
        assertThat(allowed.out()).isNotBlank();
        assertThat(run("uninstall-check", "--state-dir", state().toString(), "--token", WRONG).exit()).isZero();
        assertThat(refusals()).isEmpty();
    }

    @Test
    void theRightTokenIsAllowedByOptionAndByFile() throws Exception {
        run("uninstall-hash", "--state-dir", state().toString(), "--sha256", sha256(TOKEN));
        assertThat(run("uninstall-check", "--state-dir", state().toString(), "--token", TOKEN).exit()).isZero();
        Path tokenFile = dir.resolve("uninstall-token");
        Files.writeString(tokenFile, TOKEN + "\n"); // as `echo` writes it: the line break is not part of the token
        Ran byFile = run("uninstall-check", "--state-dir", state().toString(), "--token-file", tokenFile.toString());
        assertThat(byFile.exit()).as(byFile.err()).isZero();
        assertThat(refusals()).isEmpty();
    }

    @Test
    void noTokenOrAWrongOneIsRefusedWithExitOneAndLeavesARecordWithoutTheToken() throws Exception {
        run("uninstall-hash", "--state-dir", state().toString(), "--sha256", sha256(TOKEN));
        Ran none = run("uninstall-check", "--state-dir", state().toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("MAMORI_UNINSTALL_TOKEN");
        Ran wrong = run("uninstall-check", "--state-dir", state().toString(), "--token", WRONG);
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).doesNotContain(WRONG);

        List<RefusedRemovals.Refusal> refusals = refusals();
        assertThat(refusals).extracting(RefusedRemovals.Refusal::reason)
                .containsExactly("no uninstall token was given", "the uninstall token given does not match");
        for (RefusedRemovals.Refusal refusal : refusals) {
            assertThat(Files.readString(refusal.file())).doesNotContain(WRONG).doesNotContain(TOKEN).contains("\"at\"");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(refusal.file()))).isEqualTo("rw-------");
            assertThat(refusal.account()).isEqualTo(System.getProperty("user.name"));
        }
    }

    @Test
    void aDamagedHashFileRefusesRemovalUntilANewHashIsKept() throws Exception {
        StateDirectory.open(state());
        Path file = state().resolve("uninstall-token.sha256");
        Files.writeString(file, "not a digest\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(run("uninstall-check", "--state-dir", state().toString(), "--token", TOKEN).exit()).isEqualTo(1);
        assertThat(refusals()).hasSize(1);
        assertThat(run("uninstall-hash", "--state-dir", state().toString(), "--sha256", sha256(TOKEN)).exit()).isZero();
        assertThat(run("uninstall-check", "--state-dir", state().toString(), "--token", TOKEN).exit()).isZero();
    }

    @Test
    void tokenAndTokenFileTogetherOrAnUnreadableFileAreBadUsage() throws Exception {
        run("uninstall-hash", "--state-dir", state().toString(), "--sha256", sha256(TOKEN));
        Path tokenFile = dir.resolve("t");
        Files.writeString(tokenFile, TOKEN);
        assertThat(run("uninstall-check", "--state-dir", state().toString(), "--token", TOKEN, "--token-file",
                tokenFile.toString()).exit()).isEqualTo(2);
        assertThat(run("uninstall-check", "--state-dir", state().toString(), "--token-file", dir.resolve("missing").toString())
                .exit()).isEqualTo(2);
        assertThat(refusals()).as("bad usage is not a refused removal").isEmpty();
    }

    @Test
    void theTokenFromTheEnvironmentIsUsedAsTheScriptsPassIt() throws Exception {
        run("uninstall-hash", "--state-dir", state().toString(), "--sha256", sha256(TOKEN));
        assertThat(inProcess(TOKEN)).isZero();
        assertThat(inProcess(WRONG)).isEqualTo(1);
        assertThat(refusals()).hasSize(1);
    }

    /** uninstall-check in a JVM of its own, with MAMORI_UNINSTALL_TOKEN set. */
    private int inProcess(String token) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), AgentCommand.class.getName(), "uninstall-check", "--state-dir",
                state().toString()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        builder.environment().put("MAMORI_UNINSTALL_TOKEN", token);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
