package io.mamori.console.alerts;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code mamori.console.alerts.*}: how often the alert rules read new events, how deliveries are
 * retried, and the SMTP server alert e-mail goes through (docs/console.md, "Alerts").
 */
@ConfigurationProperties("mamori.console.alerts")
public class AlertSettings {

    private boolean enabled = true;
    private Duration interval = Duration.ofSeconds(10);
    private Duration deliveryInterval = Duration.ofSeconds(2);
    private Duration firstRetry = Duration.ofSeconds(10);
    private Duration longestRetry = Duration.ofMinutes(10);
    private Duration giveUpAfter = Duration.ofHours(24);
    private boolean allowHttpWebhooks;
    private String smtpHost;
    private int smtpPort = 587;
    private String smtpFrom;
    private String smtpUsername;
    private String smtpPassword;
    private Path smtpTrustedCertificates;
    private Duration smtpTimeout = Duration.ofSeconds(20);

    /** Whether this console node evaluates rules and delivers alerts (one node of several should). */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** How often the rules read the events received since they last did. */
    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    /** How often due deliveries are sent. */
    public Duration getDeliveryInterval() {
        return deliveryInterval;
    }

    public void setDeliveryInterval(Duration deliveryInterval) {
        this.deliveryInterval = deliveryInterval;
    }

    /** The wait after a failed delivery; it doubles with each failure up to {@link #getLongestRetry()}. */
    public Duration getFirstRetry() {
        return firstRetry;
    }

    public void setFirstRetry(Duration firstRetry) {
        this.firstRetry = firstRetry;
    }

    public Duration getLongestRetry() {
        return longestRetry;
    }

    public void setLongestRetry(Duration longestRetry) {
        this.longestRetry = longestRetry;
    }

    /** A delivery still failing this long after its alert was raised is given up (FAILED, in the audit trail). */
    public Duration getGiveUpAfter() {
        return giveUpAfter;
    }

    public void setGiveUpAfter(Duration giveUpAfter) {
        this.giveUpAfter = giveUpAfter;
    }

    /** Whether a webhook may be plain {@code http://} (tests, a collector on the same host); https only otherwise. */
    public boolean isAllowHttpWebhooks() {
        return allowHttpWebhooks;
    }

    public void setAllowHttpWebhooks(boolean allowHttpWebhooks) {
        this.allowHttpWebhooks = allowHttpWebhooks;
    }

    /** The SMTP server alert e-mail goes through; unset: rules cannot have e-mail recipients. */
    public String getSmtpHost() {
        return smtpHost;
    }

    public void setSmtpHost(String smtpHost) {
        this.smtpHost = smtpHost;
    }

    /** Its submission port; the connection must upgrade with STARTTLS before anything is sent. */
    public int getSmtpPort() {
        return smtpPort;
    }

    public void setSmtpPort(int smtpPort) {
        this.smtpPort = smtpPort;
    }

    public String getSmtpFrom() {
        return smtpFrom;
    }

    public void setSmtpFrom(String smtpFrom) {
        this.smtpFrom = smtpFrom;
    }

    public String getSmtpUsername() {
        return smtpUsername;
    }

    public void setSmtpUsername(String smtpUsername) {
        this.smtpUsername = smtpUsername;
    }

    public String getSmtpPassword() {
        return smtpPassword;
    }

    public void setSmtpPassword(String smtpPassword) {
        this.smtpPassword = smtpPassword;
    }

    /** PEM certificates to trust for the SMTP server (a company CA); unset: the JDK's trusted CAs. */
    public Path getSmtpTrustedCertificates() {
        return smtpTrustedCertificates;
    }

    public void setSmtpTrustedCertificates(Path smtpTrustedCertificates) {
        this.smtpTrustedCertificates = smtpTrustedCertificates;
    }

    public Duration getSmtpTimeout() {
        return smtpTimeout;
    }

    public void setSmtpTimeout(Duration smtpTimeout) {
        this.smtpTimeout = smtpTimeout;
    }

    boolean mailConfigured() {
        return smtpHost != null && !smtpHost.isBlank() && smtpFrom != null && !smtpFrom.isBlank();
    }
}
