package io.github.sslstarter.actuate;

import java.net.Socket;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.test.TlsServer;

/**
 * A loopback TLS server that waits a fixed time after accepting a connection before it starts
 * the handshake: a slow but healthy peer.
 */
final class DelayingTlsServer implements AutoCloseable {

	private final TlsServer server;

	DelayingTlsServer(SslContextFactory context, Duration delay) {
		this.server = TlsServer.builder().plain().handler((plain) -> serve(context, delay, plain)).start();
	}

	int port() {
		return this.server.port();
	}

	private static void serve(SslContextFactory context, Duration delay, Socket plain) throws Exception {
		Thread.sleep(delay.toMillis());
		SSLSocket tls = (SSLSocket) context.sslContext()
			.getSocketFactory()
			.createSocket(plain, null, plain.getPort(), true);
		tls.setUseClientMode(false);
		tls.setSSLParameters(context.serverParameters());
		tls.startHandshake();
		// wait for the client to close
		tls.getInputStream().read();
	}

	@Override
	public void close() {
		this.server.close();
	}

}
