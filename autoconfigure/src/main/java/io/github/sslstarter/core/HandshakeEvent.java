package io.github.sslstarter.core;

import java.time.Duration;

/**
 * One handshake as a listener sees it.
 *
 * @param context the context's name
 * @param client whether we were the client
 * @param host the peer's host as given (may be high-cardinality: not a default metric tag)
 * @param port the peer's port
 * @param protocol the negotiated protocol, or {@code null} on failure
 * @param cipherSuite the negotiated suite, or {@code null} on failure
 * @param resumed whether an earlier session was resumed
 * @param duration how long the handshake took
 * @param failure the failure class, or {@code null} on success
 */
public record HandshakeEvent(String context, boolean client, String host, int port, String protocol,
		String cipherSuite, boolean resumed, Duration duration, TlsFailure failure) {

	/** Whether the handshake succeeded. */
	public boolean succeeded() {
		return this.failure == null;
	}

}
