package io.github.sslstarter.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

/**
 * A readable view of a peer's X.509 certificate: the fields people look at when a connection is
 * refused (IO::Socket::SSL's {@code peer_certificate} and {@code dump_peer_certificate}).
 */
public final class PeerCertificate {

	private final X509Certificate certificate;

	private final CertificateNames names;

	private PeerCertificate(X509Certificate certificate) {
		this.certificate = certificate;
		this.names = CertificateNames.read(certificate);
	}

	/** The view of {@code certificate}. */
	public static PeerCertificate of(X509Certificate certificate) {
		return new PeerCertificate(Objects.requireNonNull(certificate, "certificate"));
	}

	/** The certificate itself. */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/** The subject's distinguished name in RFC 2253 form. */
	public String subject() {
		return this.certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
	}

	/** The issuer's distinguished name in RFC 2253 form. */
	public String issuer() {
		return this.certificate.getIssuerX500Principal().getName(X500Principal.RFC2253);
	}

	/** The most specific common name of the subject, or {@code null}. */
	public String commonName() {
		return this.names.commonName;
	}

	/** All subjectAltNames, typed, in certificate order. */
	public List<SubjectAltName> subjectAltNames() {
		return this.names.subjectAltNames;
	}

	/** The subjectAltNames of one type, as text. */
	public List<String> subjectAltNames(SubjectAltName.Type type) {
		return this.names.subjectAltNames.stream().filter((name) -> name.type() == type).map(SubjectAltName::value)
			.toList();
	}

	public Instant notBefore() {
		return this.certificate.getNotBefore().toInstant();
	}

	public Instant notAfter() {
		return this.certificate.getNotAfter().toInstant();
	}

	/** SHA-256 of the whole certificate, upper-case hex pairs separated by colons (as OpenSSL prints it). */
	public String sha256Fingerprint() {
		try {
			return fingerprint(this.certificate.getEncoded());
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("Cannot encode the certificate", ex);
		}
	}

	/** SHA-256 of the SubjectPublicKeyInfo, the value that public key pinning compares. */
	public String publicKeySha256Fingerprint() {
		return fingerprint(this.certificate.getPublicKey().getEncoded());
	}

	/** Matches {@code host} against this certificate under {@code scheme}. */
	public HostnameMatch verifyHostname(String host, HostnameScheme scheme) {
		return HostnameVerification.verify(host, this.certificate, scheme);
	}

	/** A multi-line text with the fields above, for logs and error reports. */
	public String dump() {
		StringBuilder text = new StringBuilder();
		line(text, "Subject", subject());
		line(text, "Issuer", issuer());
		line(text, "Common name", String.valueOf(commonName()));
		for (SubjectAltName name : subjectAltNames()) {
			line(text, "Subject alt name", name.toString());
		}
		line(text, "Not before", notBefore().toString());
		line(text, "Not after", notAfter().toString());
		line(text, "Serial number", this.certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
		line(text, "Signature", this.certificate.getSigAlgName());
		line(text, "Public key", this.certificate.getPublicKey().getAlgorithm());
		line(text, "SHA-256", sha256Fingerprint());
		line(text, "SPKI SHA-256", publicKeySha256Fingerprint());
		return text.toString();
	}

	@Override
	public String toString() {
		return "PeerCertificate[" + subject() + "]";
	}

	private static void line(StringBuilder text, String label, String value) {
		text.append(label).append(": ").append(value).append('\n');
	}

	private static String fingerprint(byte[] encoded) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded);
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
