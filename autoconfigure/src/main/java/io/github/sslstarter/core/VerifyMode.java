package io.github.sslstarter.core;

/**
 * How the peer's certificate is verified (IO::Socket::SSL's {@code SSL_verify_mode}).
 * <p>
 * On a client, anything but {@link #NONE} verifies the server's chain and host name. On a
 * server, whether a client certificate is asked for is {@link ClientAuth} ({@code client-auth},
 * Spring Boot's words); {@link #FAIL_IF_NO_PEER_CERT} also makes a server require one ("need"),
 * as in IO::Socket::SSL. {@link #CLIENT_ONCE} is accepted as {@link #PEER}: JSSE renegotiates
 * no more than once. {@link #NONE} together with a client-auth that asks for certificates is
 * refused: it would accept any certificate.
 */
public enum VerifyMode {

	/** No verification at all. Logs a warning once per context. */
	NONE,

	/** Verify the peer (on a server: the certificate a client sends, if client-auth asks for one). The default. */
	PEER,

	/** As {@link #PEER}, and a server requires a client certificate whatever client-auth says. */
	FAIL_IF_NO_PEER_CERT,

	/** As {@link #PEER}; kept for IO::Socket::SSL configurations. */
	CLIENT_ONCE;

	/** {@code true} unless this mode is {@link #NONE}. */
	public boolean verifies() {
		return this != NONE;
	}

}
