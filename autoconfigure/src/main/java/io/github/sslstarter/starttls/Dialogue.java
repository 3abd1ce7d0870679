package io.github.sslstarter.starttls;

/**
 * The client side of one protocol's plaintext dialogue, up to the server's go-ahead for TLS.
 */
interface Dialogue {

	void run(PlaintextChannel channel, String host, String clientName) throws StartTlsException;

}
