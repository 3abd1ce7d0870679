package io.github.sslstarter.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import io.github.sslstarter.core.SslContextFactory;

/**
 * A loopback TLS server that waits a fixed time after accepting a connection before it starts
 * the handshake: a slow but healthy peer.
 */
final class DelayingTlsServer implements AutoCloseable {

	private final ServerSocket server;

	private final SslContextFactory context;

	private final Duration delay;

	DelayingTlsServer(SslContextFactory context, Duration delay) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
		this.context = context;
		this.delay = delay;
		Thread acceptor = new Thread(this::acceptLoop, "delaying-tls-server-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket accepted = this.server.accept();
				Thread worker = new Thread(() -> serve(accepted));
				worker.setDaemon(true);
				worker.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket plain) {
		try (plain) {
			Thread.sleep(this.delay.toMillis());
			SSLSocket tls = (SSLSocket) this.context.sslContext()
				.getSocketFactory()
				.createSocket(plain, null, plain.getPort(), true);
			tls.setUseClientMode(false);
			tls.setSSLParameters(this.context.serverParameters());
			tls.setSoTimeout(10_000);
			tls.startHandshake();
			// wait for the client to close
			tls.getInputStream().read();
		}
		catch (IOException | InterruptedException ex) {
			// the client's result is what the tests look at
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
