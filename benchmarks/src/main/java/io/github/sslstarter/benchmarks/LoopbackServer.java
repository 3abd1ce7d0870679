package io.github.sslstarter.benchmarks;

import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.github.sslstarter.test.ConnectionHandler;
import io.github.sslstarter.test.TestSslContexts;
import io.github.sslstarter.test.TlsServer;

/**
 * A raw JSSE server on 127.0.0.1 (ECDSA P-256), the same for every client measured against it:
 * it echoes bytes, or in bulk mode reads and discards everything.
 */
final class LoopbackServer implements AutoCloseable {

	private final TlsServer server;

	LoopbackServer(String protocol, boolean bulk) {
		this(protocol, bulk, false);
	}

	/**
	 * @param forgetSessions whether the server forgets its sessions before each connection, so
	 * that every handshake is a full one whatever the client (run with
	 * {@code jdk.tls.server.enableSessionTicketExtension=false}, or stateless tickets still resume)
	 */
	LoopbackServer(String protocol, boolean bulk, boolean forgetSessions) {
		SSLContext context = TestSslContexts.server(Clients.SERVER);
		ConnectionHandler serve = bulk ? ConnectionHandler.discard() : ConnectionHandler.echoBytes();
		this.server = TlsServer.builder()
			.sslContext(context)
			.protocols(protocol)
			.backlog(200)
			// the first read does the handshake, as in any server; and a measured connection may idle
			.handshake(false)
			.readTimeout(Duration.ofHours(1))
			.handler((socket) -> {
				socket.setTcpNoDelay(true);
				if (forgetSessions) {
					Clients.forgetSessions(context.getServerSessionContext());
				}
				serve.handle(socket);
			})
			.start();
	}

	int port() {
		return this.server.port();
	}

	@Override
	public void close() {
		this.server.close();
	}

}
