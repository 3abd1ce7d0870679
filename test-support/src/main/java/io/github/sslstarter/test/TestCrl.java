package io.github.sslstarter.test;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate revocation list made for a test, signed by a test CA. Immutable.
 *
 * <pre>{@code
 * TestCrl crl = TestCrl.builder(ca).revoke(server).build();
 * crl.write(dir.resolve("ca.crl"));
 * }</pre>
 */
public final class TestCrl {

	private final X509CRL crl;

	private TestCrl(X509CRL crl) {
		this.crl = crl;
	}

	/**
	 * A builder for a CRL of that CA: valid from five minutes ago for a day, revoking nothing
	 * until told.
	 * @param issuer the CA that signs the CRL
	 * @return a new builder
	 */
	public static Builder builder(TestCertificate issuer) {
		return new Builder(issuer);
	}

	/**
	 * The CRL.
	 * @return the CRL
	 */
	public X509CRL crl() {
		return this.crl;
	}

	/**
	 * Whether the CRL lists that certificate.
	 * @param certificate a certificate
	 * @return whether it is revoked here
	 */
	public boolean revokes(X509Certificate certificate) {
		return this.crl.isRevoked(certificate);
	}

	/**
	 * The CRL as PEM ({@code X509 CRL}), as {@code openssl crl} writes it.
	 * @return the PEM text
	 */
	public String pem() {
		try {
			return Pem.encode("X509 CRL", this.crl.getEncoded());
		}
		catch (CRLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes {@link #pem()} to a file, creating its directory.
	 * @param file the file
	 * @return the file
	 */
	public Path write(Path file) {
		return Pem.write(file, pem());
	}

	/** Builds a {@link TestCrl}. */
	public static final class Builder {

		private final TestCertificate issuer;

		private final List<BigInteger> revoked = new ArrayList<>();

		private Instant thisUpdate;

		private Instant nextUpdate;

		private long number = 1;

		private Builder(TestCertificate issuer) {
			this.issuer = Objects.requireNonNull(issuer, "issuer");
		}

		/**
		 * Revokes a certificate this CA issued (reason keyCompromise, a minute ago).
		 * @param certificate the certificate
		 * @return this builder
		 */
		public Builder revoke(TestCertificate certificate) {
			return revoke(certificate.certificate());
		}

		/**
		 * Revokes a certificate this CA issued (reason keyCompromise, a minute ago).
		 * @param certificate the certificate
		 * @return this builder
		 * @throws IllegalArgumentException when another CA issued it
		 */
		public Builder revoke(X509Certificate certificate) {
			if (!certificate.getIssuerX500Principal().equals(this.issuer.certificate().getSubjectX500Principal())) {
				throw new IllegalArgumentException("'" + certificate.getSubjectX500Principal().getName()
						+ "' was issued by '" + certificate.getIssuerX500Principal().getName() + "', not by '"
						+ this.issuer.certificate().getSubjectX500Principal().getName()
						+ "': revoke it in a CRL of its issuer");
			}
			this.revoked.add(certificate.getSerialNumber());
			return this;
		}

		/**
		 * When the CRL was issued and until when it is current; five minutes ago and a day from now
		 * unless set.
		 * @param thisUpdate when the CRL was issued
		 * @param nextUpdate when the next one is due
		 * @return this builder
		 */
		public Builder validity(Instant thisUpdate, Instant nextUpdate) {
			this.thisUpdate = Objects.requireNonNull(thisUpdate, "thisUpdate");
			this.nextUpdate = Objects.requireNonNull(nextUpdate, "nextUpdate");
			return this;
		}

		/**
		 * The CRL number extension; 1 unless set.
		 * @param number the number, positive
		 * @return this builder
		 */
		public Builder number(long number) {
			this.number = number;
			return this;
		}

		/**
		 * Signs the CRL with the issuer's key.
		 * @return the CRL
		 * @throws IllegalStateException when the issuer is no CA
		 */
		public TestCrl build() {
			if (!this.issuer.isCertificateAuthority()) {
				throw new IllegalStateException("'" + this.issuer.certificate().getSubjectX500Principal().getName()
						+ "' is not a certificate authority and cannot sign a CRL: "
						+ "build it with certificateAuthority(0)");
			}
			Instant now = Instant.now();
			Instant thisUpdate = (this.thisUpdate != null) ? this.thisUpdate : now.minus(Duration.ofMinutes(5));
			Instant nextUpdate = (this.nextUpdate != null) ? this.nextUpdate : now.plus(Duration.ofDays(1));
			X509v2CRLBuilder builder = new X509v2CRLBuilder(
					X500Name.getInstance(this.issuer.certificate().getSubjectX500Principal().getEncoded()),
					Date.from(thisUpdate));
			builder.setNextUpdate(Date.from(nextUpdate));
			Date revocation = Date.from(now.minus(Duration.ofMinutes(1)));
			for (BigInteger serial : this.revoked) {
				builder.addCRLEntry(serial, revocation, CRLReason.keyCompromise);
			}
			try {
				builder.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils()
					.createAuthorityKeyIdentifier(this.issuer.certificate().getPublicKey()));
				builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(this.number)));
				JcaContentSignerBuilder signer = new JcaContentSignerBuilder(this.issuer.signatureAlgorithm());
				X509CRLHolder signed = builder.build(signer.build(this.issuer.privateKey()));
				return new TestCrl(new JcaX509CRLConverter().getCRL(signed));
			}
			catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
				throw new IllegalStateException("Cannot sign the CRL: " + ex.getMessage(), ex);
			}
		}

	}

}
