package io.github.sslstarter.core;

/**
 * How a context checks the revocation status of peer certificates with OCSP
 * ({@code trust.ocsp.mode}; IO::Socket::SSL's {@code SSL_ocsp_mode}). Whatever the mode, a
 * status that cannot be determined is handled by {@code trust.revocation-unknown}: a failure
 * ({@link TlsFailure#REVOCATION_UNKNOWN}) or accepted with a WARN. A response that says
 * "revoked" always fails the handshake ({@link TlsFailure#REVOKED}).
 */
public enum OcspMode {

	/** No OCSP: a stapled response is not looked at. */
	OFF,

	/**
	 * The default: a client asks servers for a stapled response (the TLS status_request
	 * extension) and checks the one it gets for the server's certificate; a server that staples
	 * nothing is accepted unchecked, unless its certificate carries the TLS feature "must staple"
	 * (RFC 7633). IO::Socket::SSL's {@code SSL_OCSP_TRY_STAPLE}.
	 */
	STAPLE,

	/**
	 * As {@link #STAPLE}, and a server that staples no response fails the handshake.
	 * IO::Socket::SSL's {@code SSL_OCSP_MUST_STAPLE}.
	 */
	MUST_STAPLE,

	/**
	 * Every certificate of the verified path below the trust anchor is checked: the server's own
	 * by its staple when it sends one, every other (and a client's chain too) by asking the OCSP
	 * responder its authority information access names, with {@code trust.ocsp.timeout} and a
	 * cache of responses ({@code trust.ocsp.cache-size}). IO::Socket::SSL's
	 * {@code SSL_OCSP_FULL_CHAIN}.
	 */
	FULL_CHAIN;

	/** Whether stapled or fetched responses are checked at all. */
	boolean checks() {
		return this != OFF;
	}

}
