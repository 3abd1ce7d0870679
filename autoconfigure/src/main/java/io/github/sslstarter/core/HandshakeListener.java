package io.github.sslstarter.core;

/**
 * Told about every handshake a factory performs, successful or not; metrics implement it.
 * Called on the connecting thread: keep it cheap.
 */
@FunctionalInterface
public interface HandshakeListener {

	/** A listener that does nothing. */
	HandshakeListener NONE = (event) -> {
	};

	/** Called once per handshake, after it succeeded or failed. */
	void handshake(HandshakeEvent event);

}
