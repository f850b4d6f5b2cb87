package io.mamori.agent.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How the agent decides to trust the console's certificate: the system's CAs plus an optional CA
 * file (with the usual host-name check), or exactly one certificate, named by the SHA-256
 * fingerprint pinned at enrollment (for a self-signed console; the fingerprint stands in for the
 * host-name check, as only that certificate is accepted).
 */
public final class ConsoleTrust {

    private ConsoleTrust() {
    }

    public static SSLContext context(String fingerprint, Path caFile) throws IOException {
        try {
            TrustManager manager = fingerprint != null ? new Pinned(fingerprint) : withCaFile(caFile);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {manager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of a certificate's DER encoding, as {@code mamori console fingerprint} prints it. */
    static String fingerprint(X509Certificate certificate) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new CertificateException(e);
        }
    }

    private static X509TrustManager withCaFile(Path caFile) throws GeneralSecurityException, IOException {
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile == null) {
            system.init((KeyStore) null);
            return (X509TrustManager) system.getTrustManagers()[0];
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        int n = 0;
        for (X509Certificate ca : ((X509TrustManager) defaults.getTrustManagers()[0]).getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + n++, ca);
        }
        List<Certificate> extra = new ArrayList<>();
        try (InputStream in = Files.newInputStream(caFile)) {
            extra.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (extra.isEmpty()) {
            throw new IOException(caFile + " holds no certificate");
        }
        for (Certificate ca : extra) {
            store.setCertificateEntry("configured-" + n++, ca);
        }
        system.init(store);
        return (X509TrustManager) system.getTrustManagers()[0];
    }

    /** Accepts exactly the certificate with the pinned fingerprint. */
    private static final class Pinned extends X509ExtendedTrustManager {

        private final String fingerprint;

        Pinned(String fingerprint) {
            this.fingerprint = fingerprint.toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the console sent no certificate");
            }
            String actual = fingerprint(chain[0]);
            if (!actual.equals(fingerprint)) {
                throw new CertificateException("the console's certificate has fingerprint " + actual
                        + ", not the pinned " + fingerprint);
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the agent does not accept connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
