package io.mamori.console.keys;

import io.mamori.protocol.secrets.PrivateFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The console's TLS identity. An administrator may give a PKCS#12 key store from the company's
 * CA; without one, the first start makes a self-signed certificate (ECDSA P-256, valid for five
 * years, for this host's name, {@code localhost} and the loopback addresses) and keeps it in
 * {@code tls/}. Agents enrolling against a self-signed console pin its SHA-256 fingerprint, which
 * the console prints at every start.
 *
 * @param keyStore    the PKCS#12 file
 * @param password    its password
 * @param certificate the server certificate
 */
public record TlsCertificate(Path keyStore, String password, X509Certificate certificate) {

    public static final String ALIAS = "mamori-console";

    /** The lowercase hex SHA-256 of the certificate's DER encoding: what an agent pins. */
    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate in PEM, for an agent's trust store or a browser import. */
    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store the administrator supplied. */
    public static TlsCertificate load(Path keyStore, String password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    return new TlsCertificate(keyStore, password, certificate);
                }
            }
            throw new IllegalStateException(keyStore + " holds no private key with a certificate");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS key store " + keyStore + " (wrong password?): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** The self-signed certificate in {@code dir}, made on first use. */
    public static TlsCertificate selfSigned(Path dir) {
        Path keyStore = dir.resolve("console.p12");
        Path passwordFile = dir.resolve("console.p12.password");
        try {
            if (Files.exists(keyStore) && Files.exists(passwordFile)) {
                return load(keyStore, new String(PrivateFiles.read(passwordFile), StandardCharsets.UTF_8).strip());
            }
            PrivateFiles.directory(dir);
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X509Certificate certificate = issue(pair, hostNames());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, pair.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password.toCharArray());
            PrivateFiles.write(passwordFile, (password + "\n").getBytes(StandardCharsets.UTF_8));
            PrivateFiles.write(keyStore, bytes.toByteArray());
            return new TlsCertificate(keyStore, password, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the TLS key store in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a self-signed TLS certificate: " + e.getMessage(), e);
        }
    }

    private static List<String> hostNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            names.add(InetAddress.getLocalHost().getHostName());
            names.add(InetAddress.getLocalHost().getCanonicalHostName());
        } catch (UnknownHostException e) {
            // a machine without a resolvable name still gets localhost
        }
        names.add("localhost");
        names.removeIf(name -> name == null || name.isBlank() || name.matches("[0-9.:]+"));
        return new ArrayList<>(names);
    }

    private static X509Certificate issue(KeyPair pair, List<String> dnsNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + dnsNames.get(0).replaceAll("[,+=\"\\\\<>;]", "") + ",O=Mamori console");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(5 * 365))), subject,
                pair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        for (String name : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, name));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        certificate.verify(pair.getPublic());
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
    }
}
