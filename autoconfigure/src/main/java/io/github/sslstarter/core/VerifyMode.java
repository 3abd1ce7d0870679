package io.github.sslstarter.core;

/**
 * How the peer's certificate is verified (IO::Socket::SSL's {@code SSL_verify_mode}).
 * <p>
 * On a client, anything but {@link #NONE} verifies the server's chain and host name. On a
 * server, {@link #NONE} asks for no client certificate, {@link #PEER} asks for one and verifies
 * it when given ("want"), {@link #FAIL_IF_NO_PEER_CERT} requires one ("need"), and
 * {@link #CLIENT_ONCE} is accepted as {@link #PEER}: JSSE renegotiates no more than once.
 */
public enum VerifyMode {

	/** No verification at all. Logs a warning once per context. */
	NONE,

	/** Verify the peer (on a server: request a client certificate). The default. */
	PEER,

	/** As {@link #PEER}, and on a server a client without a certificate is refused. */
	FAIL_IF_NO_PEER_CERT,

	/** As {@link #PEER}; kept for IO::Socket::SSL configurations. */
	CLIENT_ONCE;

	/** {@code true} unless this mode is {@link #NONE}. */
	public boolean verifies() {
		return this != NONE;
	}

}
