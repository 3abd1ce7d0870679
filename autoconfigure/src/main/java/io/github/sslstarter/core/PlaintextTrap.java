package io.github.sslstarter.core;

import java.io.IOException;
import java.net.Socket;

/**
 * Handles a client that does not start a TLS handshake on a TLS port (IO::Socket::SSL's
 * {@code SSL_error_trap}), for example by answering plain HTTP with a redirect. It gets the
 * plain socket and the bytes already read from it; the socket is closed afterwards.
 */
@FunctionalInterface
public interface PlaintextTrap {

	/** Handles the plain-text client; {@code firstBytes} were already read from {@code socket}. */
	void handle(Socket socket, byte[] firstBytes) throws IOException;

}
