package io.github.sslstarter.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocket;

import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.test.ConnectionHandler;
import io.github.sslstarter.test.TlsServer;

/**
 * An in-process JSSE echo server whose handshakes run through {@link SslServerSocketFactory},
 * so that the server context's session cache and events see them.
 */
final class ResumingServer implements AutoCloseable {

	private final SslContextFactory context;

	private final TlsServer server;

	private final List<HandshakeEvent> events = new CopyOnWriteArrayList<>();

	ResumingServer(SslContextFactory context) {
		this.context = context;
		SslServerSocketFactory factory = new SslServerSocketFactory(context, this.events::add);
		this.server = TlsServer.builder().serverSocketFactory(factory).handshake(false).handler((socket) -> {
			factory.handshake((SSLSocket) socket);
			ConnectionHandler.echoLines().handle(socket);
		}).start();
	}

	int port() {
		return this.server.port();
	}

	SslContextFactory context() {
		return this.context;
	}

	/** The server side's handshake events, in order. */
	List<HandshakeEvent> events() {
		return this.events;
	}

	@Override
	public void close() {
		this.server.close();
	}

}
