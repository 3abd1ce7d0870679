package io.github.sslstarter.test;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate made for a test, held with its key pair: a CA, an intermediate or a leaf, built
 * by {@link #builder()}. Immutable; its {@code toString} never shows the key.
 *
 * <pre>{@code
 * TestCertificate ca = TestCertificate.builder().commonName("Test CA").certificateAuthority(0).build();
 * TestCertificate server = TestCertificate.builder().localhost().signedBy(ca).build();
 * server.chain();          // [server, ca]
 * server.privateKeyPem();  // PKCS#8
 * }</pre>
 *
 * Revocation lists come from {@link TestCrl}; a certificate for an OCSP responder is a CA-signed
 * certificate with {@link ExtendedKeyUsage#OCSP_SIGNING}.
 */
public final class TestCertificate {

	private static final SecureRandom random = new SecureRandom();

	private final X509Certificate certificate;

	private final KeyPair keyPair;

	private final String signatureAlgorithm;

	private final int maxIntermediates;

	private final List<X509Certificate> chain;

	private TestCertificate(X509Certificate certificate, KeyPair keyPair, String signatureAlgorithm,
			int maxIntermediates, TestCertificate issuer) {
		this.certificate = certificate;
		this.keyPair = keyPair;
		this.signatureAlgorithm = signatureAlgorithm;
		this.maxIntermediates = maxIntermediates;
		List<X509Certificate> chain = new ArrayList<>();
		chain.add(certificate);
		if (issuer != null) {
			chain.addAll(issuer.chain);
		}
		this.chain = List.copyOf(chain);
	}

	/**
	 * A builder for a new certificate: by default a self-signed EC P-256 leaf valid from an hour ago
	 * for 30 days.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A new self-signed CA that issues leaf certificates, the most common test root: short for
	 * {@code builder().commonName(commonName).certificateAuthority(0).build()}.
	 * @param commonName the CA's common name
	 * @return the CA
	 */
	public static TestCertificate authority(String commonName) {
		return builder().commonName(commonName).certificateAuthority(0).build();
	}

	/**
	 * The certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * The key pair the certificate was made for.
	 * @return the key pair
	 */
	public KeyPair keyPair() {
		return this.keyPair;
	}

	/**
	 * The private key of the certificate.
	 * @return the private key
	 */
	public PrivateKey privateKey() {
		return this.keyPair.getPrivate();
	}

	/**
	 * The certificate and its issuers, leaf first, up to and including the self-signed root: what a
	 * server presents and a PEM chain file holds.
	 * @return the chain, never empty
	 */
	public List<X509Certificate> chain() {
		return this.chain;
	}

	/**
	 * Whether this certificate may sign certificates and CRLs (built with
	 * {@link Builder#certificateAuthority(int)}).
	 * @return whether it is a CA
	 */
	public boolean isCertificateAuthority() {
		return this.maxIntermediates >= 0;
	}

	/**
	 * The certificate as PEM ({@code CERTIFICATE}).
	 * @return the PEM text
	 */
	public String certificatePem() {
		return pem(List.of(this.certificate));
	}

	/**
	 * The {@link #chain()} as PEM, leaf first.
	 * @return the PEM text
	 */
	public String chainPem() {
		return pem(this.chain);
	}

	/**
	 * The private key as unencrypted PKCS#8 PEM ({@code PRIVATE KEY}).
	 * @return the PEM text
	 */
	public String privateKeyPem() {
		return Pem.encode("PRIVATE KEY", privateKey().getEncoded());
	}

	/**
	 * Writes {@link #certificatePem()} to a file, creating its directory.
	 * @param file the file
	 * @return the file
	 */
	public Path writeCertificate(Path file) {
		return Pem.write(file, certificatePem());
	}

	/**
	 * Writes {@link #chainPem()} to a file, creating its directory.
	 * @param file the file
	 * @return the file
	 */
	public Path writeChain(Path file) {
		return Pem.write(file, chainPem());
	}

	/**
	 * Writes {@link #privateKeyPem()} to a file, creating its directory.
	 * @param file the file
	 * @return the file
	 */
	public Path writePrivateKey(Path file) {
		return Pem.write(file, privateKeyPem());
	}

	/**
	 * Writes the chain as {@code name.pem} and the key as {@code name-key.pem} into a directory: the
	 * two files a server configuration (or {@code openssl s_server -cert -key}) names.
	 * @param directory the directory
	 * @param name the base name of the files
	 * @return the two files
	 */
	public PemFiles writeTo(Path directory, String name) {
		return new PemFiles(writeChain(directory.resolve(name + ".pem")),
				writePrivateKey(directory.resolve(name + "-key.pem")));
	}

	String signatureAlgorithm() {
		return this.signatureAlgorithm;
	}

	private static String pem(List<X509Certificate> certificates) {
		StringBuilder pem = new StringBuilder();
		for (X509Certificate certificate : certificates) {
			try {
				pem.append(Pem.encode("CERTIFICATE", certificate.getEncoded()));
			}
			catch (CertificateEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return pem.toString();
	}

	@Override
	public String toString() {
		return "TestCertificate[" + this.certificate.getSubjectX500Principal().getName() + ", serial "
				+ this.certificate.getSerialNumber().toString(16) + ", issued by "
				+ this.certificate.getIssuerX500Principal().getName() + "]";
	}

	/**
	 * The files {@link #writeTo(Path, String)} wrote.
	 * @param chain the PEM certificate chain, leaf first
	 * @param privateKey the PEM PKCS#8 private key
	 */
	public record PemFiles(Path chain, Path privateKey) {
	}

	/** What the key of a certificate may be used for (the key usage extension, RFC 5280 4.2.1.3). */
	public enum KeyUsage {

		/** Signatures other than on certificates and CRLs, such as a TLS handshake's. */
		DIGITAL_SIGNATURE(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature),

		/** Non-repudiation (content commitment). */
		NON_REPUDIATION(org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation),

		/** Encrypting keys, as in TLS 1.2 RSA key exchange. */
		KEY_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment),

		/** Encrypting data directly. */
		DATA_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.dataEncipherment),

		/** Key agreement, as in static (EC)DH. */
		KEY_AGREEMENT(org.bouncycastle.asn1.x509.KeyUsage.keyAgreement),

		/** Signing certificates: a CA's. */
		KEY_CERT_SIGN(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign),

		/** Signing CRLs: a CA's. */
		CRL_SIGN(org.bouncycastle.asn1.x509.KeyUsage.cRLSign);

		private final int bit;

		KeyUsage(int bit) {
			this.bit = bit;
		}

	}

	/** The purposes a certificate is for (the extended key usage extension, RFC 5280 4.2.1.12). */
	public enum ExtendedKeyUsage {

		/** TLS server authentication. */
		SERVER_AUTH(KeyPurposeId.id_kp_serverAuth),

		/** TLS client authentication. */
		CLIENT_AUTH(KeyPurposeId.id_kp_clientAuth),

		/** Code signing. */
		CODE_SIGNING(KeyPurposeId.id_kp_codeSigning),

		/** Email protection (S/MIME). */
		EMAIL_PROTECTION(KeyPurposeId.id_kp_emailProtection),

		/** Time stamping. */
		TIME_STAMPING(KeyPurposeId.id_kp_timeStamping),

		/** Signing OCSP responses on behalf of the issuing CA. */
		OCSP_SIGNING(KeyPurposeId.id_kp_OCSPSigning);

		private final KeyPurposeId purpose;

		ExtendedKeyUsage(KeyPurposeId purpose) {
			this.purpose = purpose;
		}

	}

	/**
	 * Builds a {@link TestCertificate}. Every method returns this builder; {@link #build()} checks
	 * the combination and says what is wrong.
	 */
	public static final class Builder {

		private String commonName;

		private X500Principal subject;

		private final List<GeneralName> subjectAltNames = new ArrayList<>();

		private KeyType keyType = KeyType.EC_P256;

		private KeyPair keyPair;

		private String signatureAlgorithm;

		private BigInteger serialNumber;

		private Instant notBefore;

		private Instant notAfter;

		private int maxIntermediates = -1;

		private TestCertificate issuer;

		private Set<KeyUsage> keyUsage;

		private Set<ExtendedKeyUsage> extendedKeyUsage = EnumSet.noneOf(ExtendedKeyUsage.class);

		private String ocspResponder;

		private boolean mustStaple;

		private Builder() {
		}

		/**
		 * The subject's common name (CN), encoded as a UTF8String so that any character, a NUL byte
		 * too, reaches the certificate unchanged. Replaces a {@link #subject(String)}.
		 * @param commonName the common name
		 * @return this builder
		 */
		public Builder commonName(String commonName) {
			this.commonName = Objects.requireNonNull(commonName, "commonName");
			this.subject = null;
			return this;
		}

		/**
		 * The whole subject distinguished name, as {@link X500Principal} reads it: most specific
		 * name first, so in {@code "CN=b, CN=a"} the CN {@code b} is encoded last. Replaces a
		 * {@link #commonName(String)}. Without either, the subject is empty: the certificate then
		 * needs subjectAltNames (marked critical) and an issuer ({@link #signedBy}).
		 * @param distinguishedName such as {@code "CN=Test CA, O=Example"}
		 * @return this builder
		 */
		public Builder subject(String distinguishedName) {
			this.subject = new X500Principal(distinguishedName);
			this.commonName = null;
			return this;
		}

		/**
		 * A server certificate for this machine: common name {@code localhost}, subjectAltNames
		 * {@code DNS:localhost}, {@code IP:127.0.0.1} and {@code IP:::1}.
		 * @return this builder
		 */
		public Builder localhost() {
			return commonName("localhost").dnsNames("localhost").ipAddresses("127.0.0.1", "::1");
		}

		/**
		 * Adds DNS subjectAltNames, wildcards ({@code *.example.org}) included, in order.
		 * @param names the host names
		 * @return this builder
		 */
		public Builder dnsNames(String... names) {
			for (String name : names) {
				this.subjectAltNames.add(new GeneralName(GeneralName.dNSName, name));
			}
			return this;
		}

		/**
		 * Adds IP address subjectAltNames (IPv4 or IPv6 literals), in order.
		 * @param addresses the addresses
		 * @return this builder
		 */
		public Builder ipAddresses(String... addresses) {
			for (String address : addresses) {
				this.subjectAltNames.add(ipAddress(address));
			}
			return this;
		}

		/**
		 * Adds subjectAltNames written as OpenSSL's configuration writes them, in order:
		 * {@code DNS:www.example.org}, {@code IP:10.0.0.1}, {@code email:ops@example.org},
		 * {@code URI:https://example.org/} (the prefix in any case).
		 * @param names the typed names
		 * @return this builder
		 */
		public Builder subjectAltNames(String... names) {
			for (String name : names) {
				int colon = name.indexOf(':');
				String type = (colon > 0) ? name.substring(0, colon).toUpperCase(Locale.ROOT) : "";
				String value = name.substring(colon + 1);
				switch (type) {
					case "DNS" -> this.subjectAltNames.add(new GeneralName(GeneralName.dNSName, value));
					case "IP" -> this.subjectAltNames.add(ipAddress(value));
					case "EMAIL" -> this.subjectAltNames.add(new GeneralName(GeneralName.rfc822Name, value));
					case "URI" -> this.subjectAltNames
						.add(new GeneralName(GeneralName.uniformResourceIdentifier, value));
					default -> throw new IllegalArgumentException("Unknown subjectAltName '" + name
							+ "': write DNS:name, IP:address, email:address or URI:uri");
				}
			}
			return this;
		}

		/**
		 * The type of a new key pair for this certificate; {@link KeyType#EC_P256} unless set.
		 * @param keyType the key type
		 * @return this builder
		 */
		public Builder keyType(KeyType keyType) {
			this.keyType = Objects.requireNonNull(keyType, "keyType");
			this.keyPair = null;
			return this;
		}

		/**
		 * An existing key pair for this certificate instead of a new one: to issue a certificate
		 * again for the same key, or to save key generation in a large table of certificates.
		 * @param keyPair the key pair
		 * @return this builder
		 */
		public Builder keyPair(KeyPair keyPair) {
			this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
			return this;
		}

		/**
		 * The JCA signature algorithm the issuer signs with, such as {@code SHA1withRSA} for a test
		 * of what refuses SHA-1; by default the issuer's key type's
		 * ({@link KeyType#signatureAlgorithm()}).
		 * @param signatureAlgorithm the algorithm
		 * @return this builder
		 */
		public Builder signatureAlgorithm(String signatureAlgorithm) {
			this.signatureAlgorithm = Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
			return this;
		}

		/**
		 * The serial number; a random positive 63-bit number unless set.
		 * @param serialNumber the serial number, positive
		 * @return this builder
		 */
		public Builder serialNumber(long serialNumber) {
			if (serialNumber <= 0) {
				throw new IllegalArgumentException("A serial number is positive, not " + serialNumber);
			}
			this.serialNumber = BigInteger.valueOf(serialNumber);
			return this;
		}

		/**
		 * When the certificate is valid; from an hour ago for 30 days unless set.
		 * @param notBefore the first instant of validity
		 * @param notAfter the last instant of validity
		 * @return this builder
		 */
		public Builder validity(Instant notBefore, Instant notAfter) {
			this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
			this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
			return this;
		}

		/**
		 * A certificate that expired yesterday (valid from 30 days ago until a day ago).
		 * @return this builder
		 */
		public Builder expired() {
			Instant now = Instant.now();
			return validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
		}

		/**
		 * A certificate that becomes valid tomorrow (for 30 days).
		 * @return this builder
		 */
		public Builder notYetValid() {
			Instant now = Instant.now();
			return validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(31)));
		}

		/**
		 * Makes this a certificate authority: basic constraints CA with the path length
		 * {@code maxIntermediates}, key usage keyCertSign, cRLSign and digitalSignature.
		 * @param maxIntermediates how many intermediate CAs may stand below it: 0 for a CA that
		 * issues only leaves
		 * @return this builder
		 */
		public Builder certificateAuthority(int maxIntermediates) {
			if (maxIntermediates < 0) {
				throw new IllegalArgumentException("maxIntermediates is 0 or more, not " + maxIntermediates);
			}
			this.maxIntermediates = maxIntermediates;
			return this;
		}

		/**
		 * The CA that signs this certificate; without one it is self-signed.
		 * @param issuer a certificate built with {@link #certificateAuthority(int)}
		 * @return this builder
		 */
		public Builder signedBy(TestCertificate issuer) {
			this.issuer = Objects.requireNonNull(issuer, "issuer");
			return this;
		}

		/**
		 * The key usage, replacing the default: keyCertSign, cRLSign and digitalSignature for a CA;
		 * digitalSignature for an EC or Ed25519 leaf, and keyEncipherment as well for an RSA one.
		 * @param usages the usages; none leaves the extension out
		 * @return this builder
		 */
		public Builder keyUsage(KeyUsage... usages) {
			this.keyUsage = usages.length == 0 ? EnumSet.noneOf(KeyUsage.class) : EnumSet.copyOf(Arrays.asList(usages));
			return this;
		}

		/**
		 * The extended key usage; none unless set, which leaves the certificate good for any purpose.
		 * @param usages the purposes
		 * @return this builder
		 */
		public Builder extendedKeyUsage(ExtendedKeyUsage... usages) {
			this.extendedKeyUsage = usages.length == 0 ? EnumSet.noneOf(ExtendedKeyUsage.class)
					: EnumSet.copyOf(Arrays.asList(usages));
			return this;
		}

		/**
		 * The OCSP responder the certificate names in its authority information access extension
		 * (RFC 5280 4.2.2.1), such as {@code http://127.0.0.1:8888}.
		 * @param uri the responder's URL
		 * @return this builder
		 */
		public Builder ocspResponder(String uri) {
			this.ocspResponder = uri;
			return this;
		}

		/**
		 * Adds the TLS feature extension with status_request (RFC 7633, "OCSP must staple"): a
		 * server presenting the certificate is to staple an OCSP response.
		 * @return this builder
		 */
		public Builder mustStaple() {
			this.mustStaple = true;
			return this;
		}

		/**
		 * Makes the key pair, if none was given, and the certificate.
		 * @return the certificate with its key pair
		 * @throws IllegalStateException when the settings do not make a valid certificate, with the
		 * reason and what to change
		 */
		// RSASSA-PSS by Bouncy Castle's names (SHA256withRSAandMGF1), which the JDK's providers lack
		private static JcaContentSignerBuilder contentSigner(String algorithm) {
			JcaContentSignerBuilder signer = new JcaContentSignerBuilder(algorithm);
			return algorithm.contains("MGF1")
					? signer.setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()) : signer;
		}

		public TestCertificate build() {
			X500Name subject = subjectName();
			if (subject.getRDNs().length == 0 && this.subjectAltNames.isEmpty()) {
				throw new IllegalStateException("A certificate needs a subject or subjectAltNames: set "
						+ "commonName(...), subject(...), localhost(), dnsNames(...) or ipAddresses(...)");
			}
			if (subject.getRDNs().length == 0 && this.maxIntermediates >= 0) {
				throw new IllegalStateException("A certificate authority needs a subject, the name its certificates "
						+ "carry as issuer: set commonName(...)");
			}
			if (subject.getRDNs().length == 0 && this.issuer == null) {
				throw new IllegalStateException("A self-signed certificate needs a subject, which is also its issuer: "
						+ "set commonName(...) or subject(...), or have it signedBy(...) a CA");
			}
			Instant now = Instant.now();
			Instant notBefore = (this.notBefore != null) ? this.notBefore : now.minus(Duration.ofHours(1));
			Instant notAfter = (this.notAfter != null) ? this.notAfter : now.plus(Duration.ofDays(30));
			if (!notAfter.isAfter(notBefore)) {
				throw new IllegalStateException(
						"The validity ends (" + notAfter + ") before it begins (" + notBefore + "): swap them");
			}
			checkIssuer();
			KeyPair keys = (this.keyPair != null) ? this.keyPair : this.keyType.generate();
			String ownAlgorithm = (this.keyPair != null) ? KeyType.of(keys).signatureAlgorithm()
					: this.keyType.signatureAlgorithm();
			String signing = (this.signatureAlgorithm != null) ? this.signatureAlgorithm
					: (this.issuer != null) ? this.issuer.signatureAlgorithm() : ownAlgorithm;
			X500Name issuerName = (this.issuer != null)
					? X500Name.getInstance(this.issuer.certificate.getSubjectX500Principal().getEncoded()) : subject;
			PrivateKey signer = (this.issuer != null) ? this.issuer.privateKey() : keys.getPrivate();
			BigInteger serial = (this.serialNumber != null) ? this.serialNumber
					: new BigInteger(63, random).add(BigInteger.ONE);
			try {
				JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial,
						Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
				addExtensions(builder, keys, subject.getRDNs().length == 0);
				X509Certificate certificate = new JcaX509CertificateConverter()
					.getCertificate(builder.build(contentSigner(signing).build(signer)));
				return new TestCertificate(certificate, keys, ownAlgorithm, this.maxIntermediates, this.issuer);
			}
			catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
				throw new IllegalStateException("Cannot make the certificate " + subject + " signed with " + signing
						+ ": " + ex.getMessage(), ex);
			}
		}

		private X500Name subjectName() {
			if (this.subject != null) {
				return X500Name.getInstance(this.subject.getEncoded());
			}
			X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
			if (this.commonName != null) {
				name.addRDN(BCStyle.CN, new DERUTF8String(this.commonName));
			}
			return name.build();
		}

		private void checkIssuer() {
			if (this.issuer == null) {
				return;
			}
			String name = this.issuer.certificate.getSubjectX500Principal().getName();
			if (!this.issuer.isCertificateAuthority()) {
				throw new IllegalStateException("The issuer '" + name
						+ "' is not a certificate authority: build it with certificateAuthority(0)");
			}
			if (this.maxIntermediates >= 0 && this.issuer.maxIntermediates < 1) {
				throw new IllegalStateException("The issuer '" + name
						+ "' allows no intermediate CA below it: build it with certificateAuthority("
						+ (this.maxIntermediates + 1) + ")");
			}
			if (this.maxIntermediates >= this.issuer.maxIntermediates) {
				throw new IllegalStateException("The issuer '" + name + "' allows " + this.issuer.maxIntermediates
						+ " intermediate(s) below it, this CA asks for " + this.maxIntermediates
						+ ": give it certificateAuthority(" + (this.issuer.maxIntermediates - 1) + ") or less");
			}
		}

		private void addExtensions(JcaX509v3CertificateBuilder builder, KeyPair keys, boolean emptySubject)
				throws GeneralSecurityException, CertIOException {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(keys.getPublic()));
			if (this.issuer != null) {
				builder.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(this.issuer.certificate.getPublicKey()));
			}
			boolean ca = this.maxIntermediates >= 0;
			builder.addExtension(Extension.basicConstraints, true,
					ca ? new BasicConstraints(this.maxIntermediates) : new BasicConstraints(false));
			Set<KeyUsage> usages = (this.keyUsage != null) ? this.keyUsage : defaultKeyUsage(keys, ca);
			if (!usages.isEmpty()) {
				int bits = 0;
				for (KeyUsage usage : usages) {
					bits |= usage.bit;
				}
				builder.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(bits));
			}
			if (!this.extendedKeyUsage.isEmpty()) {
				builder.addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
						this.extendedKeyUsage.stream().map((usage) -> usage.purpose).toArray(KeyPurposeId[]::new)));
			}
			if (this.ocspResponder != null) {
				builder.addExtension(Extension.authorityInfoAccess, false,
						new org.bouncycastle.asn1.x509.AuthorityInformationAccess(
								org.bouncycastle.asn1.x509.AccessDescription.id_ad_ocsp,
								new GeneralName(GeneralName.uniformResourceIdentifier, this.ocspResponder)));
			}
			if (this.mustStaple) {
				// TLSFeature ::= SEQUENCE OF INTEGER; 5 is status_request
				builder.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.24"), false,
						new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Integer(5)));
			}
			if (!this.subjectAltNames.isEmpty()) {
				// RFC 5280 4.2.1.6: critical when the subject is empty
				builder.addExtension(Extension.subjectAlternativeName, emptySubject,
						new GeneralNames(this.subjectAltNames.toArray(new GeneralName[0])));
			}
		}

		private static Set<KeyUsage> defaultKeyUsage(KeyPair keys, boolean ca) {
			if (ca) {
				return EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN, KeyUsage.DIGITAL_SIGNATURE);
			}
			return keys.getPublic().getAlgorithm().equals("RSA")
					? EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT)
					: EnumSet.of(KeyUsage.DIGITAL_SIGNATURE);
		}

		private static GeneralName ipAddress(String address) {
			try {
				return new GeneralName(GeneralName.iPAddress, address);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("'" + address + "' is no IPv4 or IPv6 address literal", ex);
			}
		}

	}

}
