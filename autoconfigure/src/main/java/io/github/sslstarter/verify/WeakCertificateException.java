package io.github.sslstarter.verify;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * A certificate whose key or signature offers fewer bits of security than the context's
 * {@link SecurityLevel} asks for. The message names the certificate, what is weak about it, the
 * level, and the highest level that would accept it.
 */
public class WeakCertificateException extends CertificateException {

	private final String subject;

	private final int depth;

	private final String weakness;

	private final int securityLevel;

	private final int acceptedUpTo;

	private final String finding;

	/**
	 * @param certificate the weak certificate
	 * @param depth its depth in the chain (0: the leaf)
	 * @param anchor whether it is the trust anchor
	 * @param weakness what is weak, e.g. "an RSA key of 1024 bits"
	 * @param bits the bits of security it offers (-1: unknown)
	 * @param securityLevel the level it falls short of
	 * @param acceptedUpTo the highest level that accepts it
	 */
	public WeakCertificateException(X509Certificate certificate, int depth, boolean anchor, String weakness, int bits,
			int securityLevel, int acceptedUpTo) {
		this(certificate.getSubjectX500Principal().getName(), depth, weakness, securityLevel, acceptedUpTo,
				"'" + certificate.getSubjectX500Principal().getName() + "' (" + (anchor ? "the trust anchor, " : "")
						+ "depth " + depth + ") has " + weakness + " ("
						+ ((bits < 0) ? "of unknown strength" : bits + " bits of security") + "), below security level "
						+ securityLevel + " (" + SecurityLevel.of(securityLevel).bits() + " bits)",
				"security-level " + acceptedUpTo + ((acceptedUpTo > 0) ? " or lower" : "") + " would accept it");
	}

	private WeakCertificateException(String subject, int depth, String weakness, int securityLevel, int acceptedUpTo,
			String finding, String remedy) {
		super(finding + "; " + remedy);
		this.subject = subject;
		this.depth = depth;
		this.weakness = weakness;
		this.securityLevel = securityLevel;
		this.acceptedUpTo = acceptedUpTo;
		this.finding = finding;
	}

	/**
	 * The same finding about a certificate the JDK's own algorithm constraints refuse as well, at
	 * every level: no security level would let it through.
	 * @param jdk the JDK's refusal, kept as a suppressed exception
	 * @return the finding, saying that the JDK refuses the certificate too
	 */
	public WeakCertificateException refusedByTheJdkToo(CertificateException jdk) {
		WeakCertificateException both = new WeakCertificateException(this.subject, this.depth, this.weakness,
				this.securityLevel, this.acceptedUpTo, this.finding,
				"the JDK refuses it at every security level too (jdk.certpath.disabledAlgorithms)");
		both.addSuppressed(jdk);
		return both;
	}

	/** The subject of the weak certificate (RFC 2253). */
	public String subject() {
		return this.subject;
	}

	/** Its depth in the chain: 0 for the leaf. */
	public int depth() {
		return this.depth;
	}

	/** What is weak about it, e.g. "an RSA key of 1024 bits" or "a signature algorithm SHA1withRSA". */
	public String weakness() {
		return this.weakness;
	}

	/** The security level it falls short of. */
	public int securityLevel() {
		return this.securityLevel;
	}

	/** The highest security level that accepts it. */
	public int acceptedUpTo() {
		return this.acceptedUpTo;
	}

}
