package io.github.sslstarter.core;

/**
 * The class of a failed TLS connection: what went wrong, in words a person can act on. The same
 * classes tag handshake metrics and peer health.
 */
public enum TlsFailure {

	/** The peer's chain does not lead to a trusted anchor. */
	UNTRUSTED_ISSUER("untrusted issuer",
			"trust the issuer's CA certificate (trust.ca-file or trust.ca-path), or fix the peer's chain"),

	/** A certificate of the chain has expired. */
	EXPIRED("certificate expired", "renew the peer's certificate"),

	/** A certificate of the chain is not valid yet. */
	NOT_YET_VALID("certificate not yet valid", "check the clocks of both sides, or the certificate's notBefore"),

	/** The certificate is not valid for the name we connected to. */
	HOSTNAME_MISMATCH("hostname mismatch",
			"connect to a name the certificate carries, or set verify.name / verify.scheme for this peer"),

	/**
	 * A key or signature of the chain is weaker than the context's security level (or than the
	 * JDK's own algorithm constraints allow).
	 */
	WEAK_CERTIFICATE("weak certificate",
			"the peer needs a certificate with a stronger key or signature; lowering security-level (to a level the"
					+ " message says would accept it) lets such weak certificates of every peer of this context through"),

	/** A certificate of the chain is revoked. */
	REVOKED("certificate revoked", "the peer must present a certificate that is not revoked"),

	/**
	 * The revocation status of a certificate of the chain cannot be determined: no CRL covers it
	 * (CRL checking on), or OCSP gave no answer that settles it (an unreachable responder, a
	 * required staple missing).
	 */
	REVOCATION_UNKNOWN("revocation status unknown",
			"add a current CRL of the issuer to trust.crl-file or trust.ca-path (as <hash>.r0), or set "
					+ "trust.revocation-unknown=accept or trust.check-crl=false"),

	/** A verify callback rejected the chain. */
	REJECTED_BY_CALLBACK("rejected by the verify callback", "see the decision of the ChainCallback bean"),

	/** No certificate of the peer's verified chain matches a pin of {@code trust.pins}. */
	PIN_MISMATCH("pin mismatch", "update the pins if the peer's key was legitimately rotated"),

	/** No protocol version in common, or the version is disabled. */
	PROTOCOL_VERSION("protocol version mismatch",
			"enable a protocol version the peer supports (protocols), or upgrade the peer"),

	/** The server has no certificate for the SNI name we sent and refuses unknown names. */
	UNRECOGNIZED_NAME("server name not recognized",
			"send a name the server serves (connect by that host name, or set sni), or ask its operator to add one"),

	/** No cipher suite (or key-exchange group) in common. */
	NO_SHARED_CIPHER("no shared cipher suite",
			"enable a cipher suite the peer supports (ciphers, tls13-ciphers, named-groups)"),

	/** The server requires a client certificate and none (or none it accepts) was sent. */
	CLIENT_CERTIFICATE_REQUIRED("client certificate required",
			"configure identity.certificate and identity.private-key with a certificate the peer trusts"),

	/** The peer rejected our certificate. */
	CERTIFICATE_REJECTED_BY_PEER("our certificate was rejected by the peer",
			"check that the peer trusts the issuer of our certificate and that it is valid"),

	/** The peer does not speak TLS on this port (plain text, or a STARTTLS protocol). */
	PLAINTEXT_PEER("peer does not speak TLS",
			"check the port, or use the protocol's STARTTLS upgrade instead of implicit TLS"),

	/** The peer did not answer in time. */
	TIMEOUT("timed out", "check that the peer is up and reachable, or raise timeouts.handshake"),

	/** The peer closed the connection during the handshake. */
	PEER_CLOSED("peer closed the connection",
			"the peer refused the handshake without saying why: check its logs, protocols and ciphers"),

	/** The TCP connection could not be established. */
	CONNECT_FAILED("connection failed", "check host, port and that the peer is listening"),

	/** Anything else. */
	/**
	 * The connection ended without the peer's close_notify: what was read may be incomplete (a
	 * truncation attack, or a peer that closes TCP without ending TLS).
	 */
	TRUNCATED("connection truncated",
			"do not trust the data as complete; if the peer is known to close without close_notify, "
					+ "the application protocol must tell the end (a length, a closing command)"),

	OTHER("TLS failure", "run with -Djavax.net.debug=ssl:handshake to see the handshake");

	private final String description;

	private final String action;

	TlsFailure(String description, String action) {
		this.description = description;
		this.action = action;
	}

	/** A short description, such as "hostname mismatch". */
	public String description() {
		return this.description;
	}

	/** What to do about it. */
	public String action() {
		return this.action;
	}

	/** The tag value for metrics: lower case with dashes. */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
