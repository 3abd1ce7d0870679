package io.github.sslstarter.benchmarks;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.github.sslstarter.material.Identity;

/** An ECDSA P-256 CA and a localhost leaf, generated once per JVM. */
final class BenchPki {

	static final KeyPair caKeys = keys();

	static final X509Certificate ca = certificate("CN=Bench CA", caKeys, "CN=Bench CA", caKeys.getPrivate(), true);

	static final KeyPair leafKeys = keys();

	static final X509Certificate leaf = certificate("CN=localhost", leafKeys, "CN=Bench CA", caKeys.getPrivate(),
			false);

	static final Identity identity = new Identity(leafKeys.getPrivate(), java.util.List.of(leaf, ca));

	private BenchPki() {
	}

	private static KeyPair keys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
			boolean isCa) {
		try {
			long now = System.currentTimeMillis();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Principal(issuer),
					BigInteger.valueOf(now + (isCa ? 0 : 1)), new Date(now - 3_600_000L), new Date(now + 86_400_000L),
					new X500Principal(subject), keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
			if (!isCa) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
			}
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Raw JSSE: a context trusting the bench CA, with the leaf as identity if asked. */
	static SSLContext rawContext(boolean withIdentity) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", ca);
			TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
			tmf.init(trust);
			KeyManagerFactory kmf = null;
			if (withIdentity) {
				KeyStore keys = KeyStore.getInstance("PKCS12");
				keys.load(null, null);
				keys.setKeyEntry("leaf", leafKeys.getPrivate(), new char[0], new X509Certificate[] { leaf, ca });
				kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				kmf.init(keys, new char[0]);
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init((kmf != null) ? kmf.getKeyManagers() : null, tmf.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
