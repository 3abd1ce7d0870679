package io.github.sslstarter.core;

/**
 * How the peer's certificate is verified (IO::Socket::SSL's {@code SSL_verify_mode}).
 * <p>
 * On a client, anything but {@link #NONE} verifies the server's chain and host name. On a
 * server, whether a client certificate is asked for is {@link ClientAuth} ({@code client-auth},
 * Spring Boot's words). When {@code client-auth} is not set, a {@code verify.mode} that is set
 * decides it as in IO::Socket::SSL, where {@code SSL_VERIFY_PEER} on a server asks for a client
 * certificate: {@link #clientAuthWhenUnset()}. The mode nobody set asks for nothing: the
 * manual's default for servers is {@code SSL_VERIFY_NONE}, and a server that suddenly asks its
 * clients for certificates would surprise them. {@link #FAIL_IF_NO_PEER_CERT} makes a server
 * require one ("need") whatever {@code client-auth} says. {@link #CLIENT_ONCE} is accepted as
 * {@link #PEER}: JSSE renegotiates no more than once. {@link #NONE} together with a client-auth
 * that asks for certificates is refused: it would accept any certificate.
 */
public enum VerifyMode {

	/** No verification at all. Logs a warning once per context. */
	NONE,

	/**
	 * Verify the peer; the default. On a server: the certificate a client sends, if client-auth
	 * asks for one; configured, it asks for one unless client-auth says otherwise.
	 */
	PEER,

	/** As {@link #PEER}, and a server requires a client certificate whatever client-auth says. */
	FAIL_IF_NO_PEER_CERT,

	/** As {@link #PEER}; kept for IO::Socket::SSL configurations. */
	CLIENT_ONCE;

	/** {@code true} unless this mode is {@link #NONE}. */
	public boolean verifies() {
		return this != NONE;
	}

	/**
	 * What a server asks of its clients when this mode is configured and {@code client-auth}
	 * is not: {@link #NONE} asks for nothing, {@link #PEER} and {@link #CLIENT_ONCE} ask for a
	 * certificate and verify it when sent ({@link ClientAuth#WANT}), {@link #FAIL_IF_NO_PEER_CERT}
	 * requires one ({@link ClientAuth#NEED}).
	 */
	public ClientAuth clientAuthWhenUnset() {
		return switch (this) {
			case NONE -> ClientAuth.NONE;
			case PEER, CLIENT_ONCE -> ClientAuth.WANT;
			case FAIL_IF_NO_PEER_CERT -> ClientAuth.NEED;
		};
	}

}
