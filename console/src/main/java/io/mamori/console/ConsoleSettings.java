package io.mamori.console;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code mamori.console.*}: the console's own settings, with the defaults a single console on
 * embedded storage needs. {@code docs/console.md} lists each one.
 */
@ConfigurationProperties("mamori.console")
public class ConsoleSettings {

    private String dataDir;
    private String publicUrl;
    private boolean tls = true;
    private int heartbeatIntervalSeconds = 60;
    private Duration sessionIdleTimeout = Duration.ofMinutes(30);
    private Duration sessionAbsoluteTimeout = Duration.ofHours(12);
    private Duration secondFactorTimeout = Duration.ofMinutes(5);
    private int lockoutThreshold = 5;
    private Duration lockoutDuration = Duration.ofMinutes(15);
    private boolean requireSecondFactor;
    private double agentRequestsPerSecond = 10;
    private int agentRequestBurst = 200;
    private double anonymousRequestsPerSecond = 5;
    private int anonymousRequestBurst = 50;
    private int maxEventBatchBytes = 8 * 1024 * 1024;
    private int maxRequestBytes = 256 * 1024;
    private Duration requestHeaderTimeout = Duration.ofSeconds(10);
    private Duration heartbeatFlushInterval = Duration.ofSeconds(2);
    private java.time.ZoneId timeZone = java.time.ZoneId.systemDefault();
    private Duration offlineAfter = Duration.ofMinutes(5);
    private Duration inactiveAfter = Duration.ofDays(14);
    private int bulkCopyFiles = 100;
    private int bulkCopyMegabytes = 500;
    private Duration bulkCopyWindow = Duration.ofMinutes(10);

    /** Where the SQLite file, the signing keys and the TLS key store live. */
    public Path dataDir() {
        if (dataDir == null || dataDir.isBlank()) {
            throw new IllegalStateException("mamori.console.data-dir is not set");
        }
        return Path.of(dataDir);
    }

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    public boolean isTls() {
        return tls;
    }

    public void setTls(boolean tls) {
        this.tls = tls;
    }

    public int getHeartbeatIntervalSeconds() {
        return heartbeatIntervalSeconds;
    }

    public void setHeartbeatIntervalSeconds(int heartbeatIntervalSeconds) {
        // The protocol's HeartbeatResponse refuses less than 5 s; more than the server's idle
        // timeout (5 min) would cost every agent a new TLS connection per heartbeat.
        if (heartbeatIntervalSeconds < 5 || heartbeatIntervalSeconds > 290) {
            throw new IllegalArgumentException("mamori.console.heartbeat-interval-seconds must be between 5 and 290 (was "
                    + heartbeatIntervalSeconds + ")");
        }
        this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
    }

    public Duration getSessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    public void setSessionIdleTimeout(Duration sessionIdleTimeout) {
        this.sessionIdleTimeout = sessionIdleTimeout;
    }

    public Duration getSessionAbsoluteTimeout() {
        return sessionAbsoluteTimeout;
    }

    public void setSessionAbsoluteTimeout(Duration sessionAbsoluteTimeout) {
        this.sessionAbsoluteTimeout = sessionAbsoluteTimeout;
    }

    public Duration getSecondFactorTimeout() {
        return secondFactorTimeout;
    }

    public void setSecondFactorTimeout(Duration secondFactorTimeout) {
        this.secondFactorTimeout = secondFactorTimeout;
    }

    public int getLockoutThreshold() {
        return lockoutThreshold;
    }

    public void setLockoutThreshold(int lockoutThreshold) {
        this.lockoutThreshold = lockoutThreshold;
    }

    public Duration getLockoutDuration() {
        return lockoutDuration;
    }

    public void setLockoutDuration(Duration lockoutDuration) {
        this.lockoutDuration = lockoutDuration;
    }

    public boolean isRequireSecondFactor() {
        return requireSecondFactor;
    }

    public void setRequireSecondFactor(boolean requireSecondFactor) {
        this.requireSecondFactor = requireSecondFactor;
    }

    public double getAgentRequestsPerSecond() {
        return agentRequestsPerSecond;
    }

    public void setAgentRequestsPerSecond(double agentRequestsPerSecond) {
        this.agentRequestsPerSecond = agentRequestsPerSecond;
    }

    public int getAgentRequestBurst() {
        return agentRequestBurst;
    }

    public void setAgentRequestBurst(int agentRequestBurst) {
        this.agentRequestBurst = agentRequestBurst;
    }

    public double getAnonymousRequestsPerSecond() {
        return anonymousRequestsPerSecond;
    }

    public void setAnonymousRequestsPerSecond(double anonymousRequestsPerSecond) {
        this.anonymousRequestsPerSecond = anonymousRequestsPerSecond;
    }

    public int getAnonymousRequestBurst() {
        return anonymousRequestBurst;
    }

    public void setAnonymousRequestBurst(int anonymousRequestBurst) {
        this.anonymousRequestBurst = anonymousRequestBurst;
    }

    public int getMaxEventBatchBytes() {
        return maxEventBatchBytes;
    }

    public void setMaxEventBatchBytes(int maxEventBatchBytes) {
        this.maxEventBatchBytes = maxEventBatchBytes;
    }

    public int getMaxRequestBytes() {
        return maxRequestBytes;
    }

    public void setMaxRequestBytes(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    /** How long a client has to send a request's headers (Slowloris); see web.HeaderDeadline. */
    public Duration getRequestHeaderTimeout() {
        return requestHeaderTimeout;
    }

    public void setRequestHeaderTimeout(Duration requestHeaderTimeout) {
        if (requestHeaderTimeout.isNegative() || requestHeaderTimeout.isZero()) {
            throw new IllegalArgumentException("mamori.console.request-header-timeout must be positive");
        }
        this.requestHeaderTimeout = requestHeaderTimeout;
    }

    public Duration getHeartbeatFlushInterval() {
        return heartbeatFlushInterval;
    }

    public void setHeartbeatFlushInterval(Duration heartbeatFlushInterval) {
        this.heartbeatFlushInterval = heartbeatFlushInterval;
    }

    /** The time zone the web UI shows times in (its days for charts too); the server's own by default. */
    public java.time.ZoneId getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(java.time.ZoneId timeZone) {
        this.timeZone = timeZone;
    }

    /** An agent not heard from for this long is offline (at least three heartbeat intervals count). */
    public Duration getOfflineAfter() {
        return offlineAfter;
    }

    public void setOfflineAfter(Duration offlineAfter) {
        if (offlineAfter == null || offlineAfter.isNegative() || offlineAfter.isZero()) {
            throw new IllegalArgumentException("mamori.console.offline-after must be a positive duration such as 10m (was " + offlineAfter + ")");
        }
        this.offlineAfter = offlineAfter;
    }

    /** An agent not heard from for this long is inactive: likely gone (a returned or wiped laptop). */
    public Duration getInactiveAfter() {
        return inactiveAfter;
    }

    public void setInactiveAfter(Duration inactiveAfter) {
        if (inactiveAfter == null || inactiveAfter.isNegative() || inactiveAfter.isZero()) {
            throw new IllegalArgumentException("mamori.console.inactive-after must be a positive duration such as 10m (was " + inactiveAfter + ")");
        }
        this.inactiveAfter = inactiveAfter;
    }

    /** A person writing more files than this to removable media within the bulk-copy window raises an alert. */
    public int getBulkCopyFiles() {
        return bulkCopyFiles;
    }

    public void setBulkCopyFiles(int bulkCopyFiles) {
        if (bulkCopyFiles < 1) {
            throw new IllegalArgumentException("mamori.console.bulk-copy-files must be at least 1 (was " + bulkCopyFiles + ")");
        }
        this.bulkCopyFiles = bulkCopyFiles;
    }

    /** … or more megabytes than this. */
    public int getBulkCopyMegabytes() {
        return bulkCopyMegabytes;
    }

    public void setBulkCopyMegabytes(int bulkCopyMegabytes) {
        if (bulkCopyMegabytes < 1) {
            throw new IllegalArgumentException("mamori.console.bulk-copy-megabytes must be at least 1 (was " + bulkCopyMegabytes + ")");
        }
        this.bulkCopyMegabytes = bulkCopyMegabytes;
    }

    public Duration getBulkCopyWindow() {
        return bulkCopyWindow;
    }

    public void setBulkCopyWindow(Duration bulkCopyWindow) {
        if (bulkCopyWindow == null || bulkCopyWindow.isNegative() || bulkCopyWindow.isZero()) {
            throw new IllegalArgumentException("mamori.console.bulk-copy-window must be a positive duration such as 10m (was " + bulkCopyWindow + ")");
        }
        this.bulkCopyWindow = bulkCopyWindow;
    }
}
