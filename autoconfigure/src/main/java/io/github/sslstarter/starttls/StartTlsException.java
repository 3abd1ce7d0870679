package io.github.sslstarter.starttls;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * A STARTTLS dialogue that did not reach the point where the TLS handshake begins. The message
 * names the protocol, what was expected and what the server said (truncated, printable
 * characters only), or that it closed the connection or fell silent.
 */
public class StartTlsException extends IOException {

	private final StartTls protocol;

	StartTlsException(StartTls protocol, String message) {
		this(protocol, message, null);
	}

	StartTlsException(StartTls protocol, String message, Throwable cause) {
		super(message, cause);
		this.protocol = protocol;
	}

	/** The protocol whose dialogue failed. */
	public StartTls protocol() {
		return this.protocol;
	}

	/** {@code true} when the server sent nothing within the socket's read timeout. */
	public boolean isTimeout() {
		return getCause() instanceof SocketTimeoutException;
	}

}
