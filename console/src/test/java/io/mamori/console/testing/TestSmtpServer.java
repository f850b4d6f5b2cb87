package io.mamori.console.testing;

import io.mamori.console.keys.TlsCertificate;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server on loopback for tests (SubEthaSMTP), with its own self-signed certificate
 * (localhost, 127.0.0.1): with {@code startTls} it offers STARTTLS and refuses mail before it; without,
 * it offers nothing but plain SMTP. Keeps every message received, parsed.
 */
public final class TestSmtpServer implements AutoCloseable {

    /** A message as received: envelope and the parsed MIME message. */
    public record Received(String from, String to, MimeMessage message) {
        public String subject() {
            try {
                return message.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        public String text() {
            try {
                return (String) message.getContent();
            } catch (jakarta.mail.MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final SMTPServer server;
    private final Path certificatePem;

    public TestSmtpServer(Path dir, boolean startTls) throws Exception {
        Files.createDirectories(dir);
        TlsCertificate tls = TlsCertificate.selfSigned(dir.resolve("smtp-tls"));
        this.certificatePem = Files.writeString(dir.resolve("smtp.pem"), tls.pem());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(tls.keyStore())) {
            keys.load(in, tls.password().toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, tls.password().toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        Session parsing = Session.getInstance(new Properties());
        SMTPServer.Builder builder = SMTPServer.port(0).bindAddress(java.net.InetAddress.getLoopbackAddress())
                .hostName("localhost").messageHandler((context1, from, to, data) -> {
                    try {
                        received.add(new Received(from, to, new MimeMessage(parsing, new ByteArrayInputStream(data))));
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                });
        if (startTls) {
            builder = builder.enableTLS().requireTLS().startTlsSocketFactory(context);
        }
        this.server = builder.build();
        server.start();
    }

    public int port() {
        return server.getPortAllocated();
    }

    /** The server's certificate, PEM: what the console is told to trust. */
    public Path certificatePem() {
        return certificatePem;
    }

    @Override
    public void close() {
        server.stop();
    }
}
