package io.github.sslstarter.verify;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates generated at test time: one EC P-256 test CA and leaf certificates described by a
 * small spec, {@code "CN=www.example.org; DNS:a.example.org; IP:127.0.0.1"}, cached per spec.
 */
public final class TestCertificates {

	private static final char[] PASSWORD = "test-only".toCharArray();

	private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

	private static final KeyPair caKeys = generateKeyPair();

	private static final KeyPair leafKeys = generateKeyPair();

	private static final X509Certificate ca = createCa();

	private static final Map<String, X509Certificate> leaves = new ConcurrentHashMap<>();

	private TestCertificates() {
	}

	/** The test CA. */
	public static X509Certificate ca() {
		return ca;
	}

	/** The leaf certificate for {@code spec}, signed by the test CA (cached). */
	public static X509Certificate leaf(String spec) {
		return leaves.computeIfAbsent(spec, TestCertificates::createLeaf);
	}

	/** A client-side PKIX trust manager that trusts the test CA. */
	public static X509ExtendedTrustManager trustingCa() {
		return trusting(ca);
	}

	/** A PKIX trust manager that trusts only an unrelated CA (so not the test servers). */
	public static X509ExtendedTrustManager trustingAnotherCa() {
		return trusting(leaf("CN=unrelated CA"));
	}

	private static X509ExtendedTrustManager trusting(X509Certificate anchor) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("ca", anchor);
			TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
			factory.init(store);
			for (TrustManager manager : factory.getTrustManagers()) {
				if (manager instanceof X509ExtendedTrustManager extended) {
					return extended;
				}
			}
			throw new IllegalStateException("No X509ExtendedTrustManager");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A server context presenting the leaf of {@code spec} (with the CA) for {@code protocol}. */
	public static SSLContext serverContext(String spec, String protocol) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("server", leafKeys.getPrivate(), PASSWORD, new X509Certificate[] { leaf(spec), ca });
			KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
			factory.init(store, PASSWORD);
			SSLContext context = SSLContext.getInstance(protocol);
			context.init(factory.getKeyManagers(), null, null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A client context whose only trust manager is {@code trustManager}. */
	public static SSLContext clientContext(X509ExtendedTrustManager trustManager, String protocol) {
		try {
			SSLContext context = SSLContext.getInstance(protocol);
			context.init(null, new TrustManager[] { trustManager }, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair generateKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate createCa() {
		try {
			X500Name name = new X500Name("CN=sslstarter test CA,O=sslstarter tests");
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
					BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(2))), name, caKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			return sign(builder);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate createLeaf(String spec) {
		try {
			X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
			subject.addRDN(BCStyle.O, "sslstarter tests");
			List<GeneralName> altNames = new ArrayList<>();
			for (String part : spec.split(";")) {
				String item = part.strip();
				if (item.isEmpty()) {
					continue;
				}
				if (item.startsWith("CN=")) {
					// UTF8String, so that NUL bytes and any character survive unchanged
					subject.addRDN(BCStyle.CN, new DERUTF8String(item.substring(3)));
				}
				else if (item.startsWith("DNS:")) {
					altNames.add(new GeneralName(GeneralName.dNSName, item.substring(4)));
				}
				else if (item.startsWith("IP:")) {
					altNames.add(new GeneralName(GeneralName.iPAddress, item.substring(3)));
				}
				else if (item.startsWith("EMAIL:")) {
					altNames.add(new GeneralName(GeneralName.rfc822Name, item.substring(6)));
				}
				else if (item.startsWith("URI:")) {
					altNames.add(new GeneralName(GeneralName.uniformResourceIdentifier, item.substring(4)));
				}
				else {
					throw new IllegalArgumentException("Bad certificate spec item '" + item + "'");
				}
			}
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
					X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), BigInteger.valueOf(serials.incrementAndGet()),
					Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject.build(),
					leafKeys.getPublic());
			if (!altNames.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(altNames.toArray(new GeneralName[0])));
			}
			return sign(builder);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot create certificate for " + spec, ex);
		}
	}

	private static X509Certificate sign(JcaX509v3CertificateBuilder builder) throws Exception {
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
	}

}
