package io.mamori.console.alerts;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Alert e-mail through the configured SMTP server with Jakarta Mail: the connection must upgrade with
 * STARTTLS (a server that does not offer it is refused, nothing is sent in the clear), the server's
 * certificate is checked against its host name and the trusted certificates, and the time limits
 * hold every step.
 */
final class MailSender {

    private final AlertSettings settings;

    MailSender(AlertSettings settings) {
        this.settings = settings;
    }

    void send(String to, String subject, String body) throws IOException {
        if (!settings.mailConfigured()) {
            throw new IOException("no SMTP server is set (mamori.console.alerts.smtp-host and smtp-from)");
        }
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.getSmtpHost());
        properties.put("mail.smtp.port", Integer.toString(settings.getSmtpPort()));
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
        String limit = Long.toString(settings.getSmtpTimeout().toMillis());
        properties.put("mail.smtp.connectiontimeout", limit);
        properties.put("mail.smtp.timeout", limit);
        properties.put("mail.smtp.writetimeout", limit);
        boolean authenticate = settings.getSmtpUsername() != null && !settings.getSmtpUsername().isBlank();
        properties.put("mail.smtp.auth", Boolean.toString(authenticate));
        if (settings.getSmtpTrustedCertificates() != null) {
            properties.put("mail.smtp.ssl.socketFactory", trusting().getSocketFactory());
        }
        Session session = Session.getInstance(properties);
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(settings.getSmtpFrom(), true));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
            message.setSubject(subject, "UTF-8");
            message.setText(body, "UTF-8");
            message.setSentDate(new Date());
            message.setHeader("Auto-Submitted", "auto-generated");
            if (authenticate) {
                Transport.send(message, settings.getSmtpUsername(), settings.getSmtpPassword());
            } else {
                Transport.send(message);
            }
        } catch (MessagingException e) {
            throw new IOException(describe(e), e);
        }
    }

    private SSLContext trusting() throws IOException {
        try (InputStream in = Files.newInputStream(settings.getSmtpTrustedCertificates())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("smtp-" + n++, certificate);
            }
            if (n == 0) {
                throw new IOException("no certificate in " + settings.getSmtpTrustedCertificates());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the trusted SMTP certificates " + settings.getSmtpTrustedCertificates() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The reason, with the causes a MessagingException hides (a refused STARTTLS, a certificate, a timeout). */
    private static String describe(MessagingException e) {
        StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        for (int i = 0; cause != null && i < 3; i++, cause = cause.getCause()) {
            why.append(": ").append(cause.getMessage());
        }
        return AlertTexts.clean(why.toString());
    }
}
