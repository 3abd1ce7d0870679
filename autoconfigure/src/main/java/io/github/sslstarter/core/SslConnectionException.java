package io.github.sslstarter.core;

import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS connection that failed, classified: which peer, what class of failure, and a message
 * that says what happened and what to do. The original exception is the cause.
 * (IO::Socket::SSL's {@code errstr}, done right.)
 */
public class SslConnectionException extends SSLHandshakeException {

	private final TlsFailure failure;

	private final String peer;

	public SslConnectionException(TlsFailure failure, String peer, String detail, Throwable cause) {
		super(message(failure, peer, detail));
		this.failure = failure;
		this.peer = peer;
		initCause(cause);
	}

	private static String message(TlsFailure failure, String peer, String detail) {
		return "TLS connection to " + peer + " failed: " + failure.description()
				+ ((detail != null && !detail.isEmpty()) ? ": " + detail : "") + ". Action: " + failure.action();
	}

	/** The class of failure. */
	public TlsFailure failure() {
		return this.failure;
	}

	/** The peer as {@code host:port}. */
	public String peer() {
		return this.peer;
	}

}
