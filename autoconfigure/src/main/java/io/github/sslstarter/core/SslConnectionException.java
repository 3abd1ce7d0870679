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

	/** A failure whose action is the class's own ({@link TlsFailure#action()}). */
	public SslConnectionException(TlsFailure failure, String peer, String detail, Throwable cause) {
		this(failure, peer, detail, failure.action(), cause);
	}

	/**
	 * A failure with an action of its own, for when the class's is not the one that applies (a
	 * timeout set by another setting, say).
	 */
	public SslConnectionException(TlsFailure failure, String peer, String detail, String action, Throwable cause) {
		super(message(failure, peer, detail, action));
		this.failure = failure;
		this.peer = peer;
		initCause(cause);
	}

	/** The same failure, as a subclass that says more about it to this package. */
	SslConnectionException(SslConnectionException failure) {
		super(failure.getMessage());
		this.failure = failure.failure;
		this.peer = failure.peer;
		initCause(failure.getCause());
	}

	private static String message(TlsFailure failure, String peer, String detail, String action) {
		return "TLS connection to " + peer + " failed: " + failure.description()
				+ ((detail != null && !detail.isEmpty()) ? ": " + detail : "") + ". Action: " + action;
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
