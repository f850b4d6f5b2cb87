package io.mamori.console;

import io.mamori.console.accounts.Accounts;
import io.mamori.console.accounts.Sessions;
import io.mamori.console.keys.PolicyKeys;
import io.mamori.console.policy.DefaultPolicies;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a console does before it answers anything: make sure it has a signing key, the shipped
 * policies and groups, and an administrator (on first start, with a one-time password shown to
 * whoever started it). Also the housekeeping that keeps tables from growing.
 */
@Context
public class ConsoleStartup {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleStartup.class);

    private final PolicyKeys keys;
    private final DefaultPolicies policies;
    private final Accounts accounts;
    private final Sessions sessions;
    private final FirstRunNotice notice;

    public ConsoleStartup(PolicyKeys keys, DefaultPolicies policies, Accounts accounts, Sessions sessions, FirstRunNotice notice) {
        this.keys = keys;
        this.policies = policies;
        this.accounts = accounts;
        this.sessions = sessions;
        this.notice = notice;
    }

    @PostConstruct
    void prepare() {
        keys.currentKeyId();
        policies.seed();
        accounts.createFirstAdministrator().ifPresent(password -> notice.firstAdministrator("admin", password));
    }

    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void purgeExpiredSessions() {
        int purged = sessions.purgeExpired();
        if (purged > 0) {
            LOG.debug("removed {} expired sessions", purged);
        }
        int forgotten = accounts.forgetOldSignInFailures();
        if (forgotten > 0) {
            LOG.debug("forgot {} sign-in failure counts left alone for a day", forgotten);
        }
    }
}
