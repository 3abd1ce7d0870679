package io.github.sslstarter.starttls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed EC P-256 server certificate for {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1}, generated once per test JVM, with a server context holding it and a client
 * context trusting only it.
 */
public final class TestTlsContexts {

	private static final char[] STORE_PASSWORD = "test-only".toCharArray();

	private static final TestTlsContexts INSTANCE = create();

	private final X509Certificate certificate;

	private final SSLContext server;

	private final SSLContext client;

	private TestTlsContexts(X509Certificate certificate, SSLContext server, SSLContext client) {
		this.certificate = certificate;
		this.server = server;
		this.client = client;
	}

	/** The context for the test servers: presents the certificate. */
	public static SSLContext server() {
		return INSTANCE.server;
	}

	/** A client context that trusts the test certificate and nothing else. */
	public static SSLContext client() {
		return INSTANCE.client;
	}

	/** The test certificate. */
	public static X509Certificate certificate() {
		return INSTANCE.certificate;
	}

	private static TestTlsContexts create() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair keys = generator.generateKeyPair();
			X500Name subject = new X500Name("CN=localhost");
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
							new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.iPAddress, "::1") }));
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

			KeyStore identity = KeyStore.getInstance("PKCS12");
			identity.load(null, null);
			identity.setKeyEntry("server", keys.getPrivate(), STORE_PASSWORD, new Certificate[] { certificate });
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(identity, STORE_PASSWORD);
			SSLContext server = SSLContext.getInstance("TLS");
			server.init(keyManagers.getKeyManagers(), null, null);

			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("server", certificate);
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			SSLContext client = SSLContext.getInstance("TLS");
			client.init(null, trustManagers.getTrustManagers(), null);
			return new TestTlsContexts(certificate, server, client);
		}
		catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot create the test certificate", ex);
		}
	}

}
