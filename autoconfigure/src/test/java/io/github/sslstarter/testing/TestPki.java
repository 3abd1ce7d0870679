package io.github.sslstarter.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.github.sslstarter.material.Identity;

/**
 * Generates CAs and certificates at test time (EC P-256, fast).
 */
public final class TestPki {

	private static final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

	private TestPki() {
	}

	/** A new self-signed CA. */
	public static Ca ca(String commonName) {
		KeyPair keys = ecKeys();
		X500Principal subject = new X500Principal("CN=" + commonName + ", O=ssl-spring-boot-starter tests");
		X509Certificate certificate = sign(subject, keys, subject, keys.getPrivate(), true, List.of(), List.of(),
				Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)));
		return new Ca(keys, certificate);
	}

	public static KeyPair ecKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static X509Certificate sign(X500Principal subject, KeyPair subjectKeys, X500Principal issuer,
			PrivateKey issuerKey, boolean ca, List<String> dnsNames, List<String> ipAddresses, Instant notBefore,
			Instant notAfter) {
		try {
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					BigInteger.valueOf(serial.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
					subjectKeys.getPublic());
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
			if (ca) {
				builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
				builder.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			}
			else {
				builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
				builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			}
			List<GeneralName> names = new ArrayList<>();
			dnsNames.forEach((name) -> names.add(new GeneralName(GeneralName.dNSName, name)));
			ipAddresses.forEach((ip) -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
			if (!names.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(names.toArray(new GeneralName[0])));
			}
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A test CA that issues leaf certificates. */
	public record Ca(KeyPair keys, X509Certificate certificate) {

		/** A leaf valid now for 30 days, with the given DNS names and IP addresses as subjectAltNames. */
		public Identity issue(String commonName, List<String> dnsNames, List<String> ipAddresses) {
			return issue(commonName, dnsNames, ipAddresses, Instant.now().minus(Duration.ofHours(1)),
					Instant.now().plus(Duration.ofDays(30)));
		}

		/** A leaf for localhost, 127.0.0.1 and ::1. */
		public Identity localhost() {
			return issue("localhost", List.of("localhost"), List.of("127.0.0.1", "::1"));
		}

		/** A CRL of this CA revoking the given certificates. */
		public java.security.cert.X509CRL crl(X509Certificate... revoked) {
			try {
				org.bouncycastle.cert.X509v2CRLBuilder builder = new org.bouncycastle.cert.X509v2CRLBuilder(
						org.bouncycastle.asn1.x500.X500Name.getInstance(this.certificate.getSubjectX500Principal().getEncoded()),
						Date.from(Instant.now().minus(Duration.ofMinutes(5))));
				builder.setNextUpdate(Date.from(Instant.now().plus(Duration.ofDays(1))));
				for (X509Certificate certificate : revoked) {
					builder.addCRLEntry(certificate.getSerialNumber(), Date.from(Instant.now().minus(Duration.ofMinutes(1))),
							org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
				}
				return new org.bouncycastle.cert.jcajce.JcaX509CRLConverter().getCRL(
						builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(this.keys.getPrivate())));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		public Identity issue(String commonName, List<String> dnsNames, List<String> ipAddresses, Instant notBefore,
				Instant notAfter) {
			KeyPair keys = ecKeys();
			X509Certificate leaf = sign(new X500Principal("CN=" + commonName), keys,
					this.certificate.getSubjectX500Principal(), this.keys.getPrivate(), false, dnsNames, ipAddresses,
					notBefore, notAfter);
			return new Identity(keys.getPrivate(), List.of(leaf, this.certificate));
		}

	}

}
