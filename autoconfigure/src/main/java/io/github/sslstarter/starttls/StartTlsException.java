package io.github.sslstarter.starttls;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * A STARTTLS dialogue that did not reach the point where the TLS handshake begins, on either
 * side. The message names the protocol (and on the server side the client's address), what was
 * expected and what the peer said (truncated, printable characters only), or that it closed the
 * connection or fell silent.
 */
public class StartTlsException extends IOException {

	private final StartTls protocol;

	private final boolean plaintextInjection;

	StartTlsException(StartTls protocol, String message) {
		this(protocol, message, null);
	}

	StartTlsException(StartTls protocol, String message, Throwable cause) {
		this(protocol, message, cause, false);
	}

	StartTlsException(StartTls protocol, String message, Throwable cause, boolean plaintextInjection) {
		super(message, cause);
		this.protocol = protocol;
		this.plaintextInjection = plaintextInjection;
	}

	/** The protocol whose dialogue failed. */
	public StartTls protocol() {
		return this.protocol;
	}

	/**
	 * {@code true} when the peer sent plaintext behind the upgrade's last message, before the
	 * TLS handshake: behind the server's go-ahead (client side), or pipelined behind the
	 * client's upgrade command (server side, CVE-2011-0411). TLS was not started.
	 */
	public boolean isPlaintextInjection() {
		return this.plaintextInjection;
	}

	/**
	 * {@code true} when the peer sent nothing within the socket's read timeout (client side) or
	 * the dialogue's deadline (server side).
	 */
	public boolean isTimeout() {
		return getCause() instanceof SocketTimeoutException;
	}

}
