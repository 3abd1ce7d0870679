package io.github.sslstarter.session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocket;

import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;

/**
 * An in-process JSSE echo server whose handshakes run through {@link SslServerSocketFactory},
 * so that the server context's session cache and events see them.
 */
final class ResumingServer implements AutoCloseable {

	private final SslContextFactory context;

	private final ServerSocket server;

	private final List<HandshakeEvent> events = new CopyOnWriteArrayList<>();

	ResumingServer(SslContextFactory context) throws IOException {
		this.context = context;
		SslServerSocketFactory factory = new SslServerSocketFactory(context, this.events::add);
		this.server = factory.createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
		Thread thread = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket accepted = this.server.accept();
					Thread worker = new Thread(() -> serve(factory, (SSLSocket) accepted));
					worker.setDaemon(true);
					worker.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "resuming-server");
		thread.setDaemon(true);
		thread.start();
	}

	private void serve(SslServerSocketFactory factory, SSLSocket socket) {
		try (socket) {
			factory.handshake(socket);
			socket.setSoTimeout(10_000);
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			OutputStream out = socket.getOutputStream();
			String line;
			while ((line = in.readLine()) != null) {
				out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client went away: nothing to echo
		}
	}

	int port() {
		return this.server.getLocalPort();
	}

	SslContextFactory context() {
		return this.context;
	}

	/** The server side's handshake events, in order. */
	List<HandshakeEvent> events() {
		return this.events;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
