package io.mamori.agent.platform.linux;

import io.mamori.agent.platform.common.Programs;
import io.mamori.agent.quarantine.PersonalFolders;
import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Linux: the person's home and primary group from {@code getent passwd <uid>} (local, LDAP or SSSD
 * users alike), and the file written by {@code setpriv} dropped to their user and group ids, with
 * {@code sh -c 'set -C; cat > …'}: {@code noclobber} creates the file with {@code O_EXCL}, so
 * neither an existing file nor a link planted at the name is written through, and every folder on
 * the way is crossed with the person's own rights. When the agent itself is that person (not
 * root), it writes without {@code setpriv}.
 */
final class LinuxPersonalFolders implements PersonalFolders {

    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final int MAX_NUMBERED = 1000;

    /** A user as {@code getent passwd} tells it. */
    record Account(String name, long uid, long gid, Path home) {
    }

    private final LongFunction<Optional<Account>> accounts;
    private final long ownUid;

    LinuxPersonalFolders(LongFunction<Optional<Account>> accounts, long ownUid) {
        this.accounts = accounts;
        this.ownUid = ownUid;
    }

    /** The system's users, for the agent. */
    static LinuxPersonalFolders system(long ownUid) {
        return new LinuxPersonalFolders(LinuxPersonalFolders::getent, ownUid);
    }

    @Override
    public Path write(Actor person, String folder, String fileName, Path content) throws IOException {
        if (person == null || person.uid() == null) {
            throw new IOException("the employee who copied the file is not known, so it cannot be released into their home;"
                    + " release it to the device instead");
        }
        if (person.uid() == 0) {
            throw new IOException("the file was copied by root, not by an employee; release it to the device instead");
        }
        Account account = accounts.apply(person.uid()).orElseThrow(() -> new IOException("user id " + person.uid()
                + " has no account on this machine (getent passwd); release the file to the device instead"));
        if (fileName.isEmpty() || fileName.contains("/") || fileName.equals(".") || fileName.equals("..")) {
            throw new IOException("'" + fileName + "' is not a file name");
        }
        Path directory = folder.equals(".") ? account.home() : account.home().resolve(folder);
        IOException last = null;
        for (int n = 0; n <= MAX_NUMBERED; n++) {
            Path target = directory.resolve(n == 0 ? fileName : numbered(fileName, n));
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue; // taken: the next name (noclobber would refuse it anyway)
            }
            Programs.Finished finished = Programs.finishWithInput(command(account, target), Map.of("PATH", "/usr/bin:/bin",
                    "LC_ALL", "C"), LIMIT, content);
            if (finished.exitCode() == 0) {
                return target;
            }
            last = new IOException("writing " + target + " as " + account.name() + " failed: " + finished.output().strip());
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw last; // refused (no such folder, not theirs to write): not a name taken meanwhile
            }
        }
        throw last != null ? last : new IOException("no free name for " + fileName + " in " + directory);
    }

    private List<String> command(Account account, Path target) {
        List<String> command = new ArrayList<>();
        if (account.uid() != ownUid) {
            command.addAll(List.of(Programs.find("setpriv"), "--reuid=" + account.uid(), "--regid=" + account.gid(),
                    "--init-groups", "--reset-env", "--"));
        }
        command.addAll(List.of("/bin/sh", "-c", "set -C; umask 077; exec cat > \"$1\"", "mamori-release", target.toString()));
        return command;
    }

    /** {@code name (n).ext} */
    static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + " (" + n + ")" : name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
    }

    /** {@code getent passwd <uid>}: {@code name:x:uid:gid:gecos:home:shell}. */
    static Optional<Account> getent(long uid) {
        try {
            Programs.Finished finished = Programs.finish(List.of(Programs.find("getent"), "passwd", Long.toString(uid)),
                    Map.of("LC_ALL", "C"), Duration.ofSeconds(30));
            return finished.exitCode() == 0 ? parsePasswd(finished.output()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Account> parsePasswd(String line) {
        String[] fields = line.strip().split(":", -1);
        if (fields.length < 7) {
            return Optional.empty();
        }
        try {
            Path home = Path.of(fields[5]);
            return home.isAbsolute() ? Optional.of(new Account(fields[0], Long.parseLong(fields[2]), Long.parseLong(fields[3]), home))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
