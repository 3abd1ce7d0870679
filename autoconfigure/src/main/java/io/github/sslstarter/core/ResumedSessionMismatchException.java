package io.github.sslstarter.core;

/**
 * A resumed session whose certificate does not carry the name this connection verifies (it was
 * verified for another name): the session is already invalidated, and a caller that opened the
 * connection itself retries it once with a full handshake.
 */
final class ResumedSessionMismatchException extends SslConnectionException {

	ResumedSessionMismatchException(SslConnectionException failure) {
		super(failure);
	}

}
