package io.github.sslstarter.testing;

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
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;

/**
 * An in-process JSSE TLS server on loopback that echoes lines, for tests. It records the SNI
 * names clients sent and the last server-side failure.
 */
public final class TestTlsServer implements AutoCloseable {

	private final ServerSocket server;

	private final Thread thread;

	private final List<List<SNIServerName>> serverNames = new CopyOnWriteArrayList<>();

	private final AtomicReference<Exception> lastFailure = new AtomicReference<>();

	private TestTlsServer(ServerSocket server, Mode mode) {
		this.server = server;
		this.thread = new Thread(() -> acceptLoop(mode), "test-tls-server-" + server.getLocalPort());
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** What the server does with a connection. */
	public enum Mode {

		/** TLS, then echo lines. */
		ECHO,

		/** Accept and never say anything. */
		STALL,

		/** Accept and close at once. */
		CLOSE,

		/** Speak plain text (an SMTP-like greeting). */
		PLAIN,

		/** Start a TLS record and then trickle one byte every 100 ms. */
		TRICKLE

	}

	/** A TLS echo server of that context on {@code address} ("127.0.0.1" or "::1"). */
	public static TestTlsServer start(SslContextFactory context, String address) throws IOException {
		SslServerSocketFactory factory = new SslServerSocketFactory(context);
		return new TestTlsServer(factory.createServerSocket(0, 50, InetAddress.getByName(address)), Mode.ECHO);
	}

	/** A TLS echo server of that context on 127.0.0.1. */
	public static TestTlsServer start(SslContextFactory context) throws IOException {
		return start(context, "127.0.0.1");
	}

	/** A plain TCP server on 127.0.0.1 that misbehaves as told. */
	public static TestTlsServer misbehaving(Mode mode) throws IOException {
		return new TestTlsServer(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), mode);
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** The SNI names of each connection that completed a handshake, in order. */
	public List<List<SNIServerName>> serverNames() {
		return this.serverNames;
	}

	/** The last failure on the server side, or {@code null}. */
	public Exception lastFailure() {
		return this.lastFailure.get();
	}

	private void acceptLoop(Mode mode) {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				Thread worker = new Thread(() -> serve(socket, mode));
				worker.setDaemon(true);
				worker.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket, Mode mode) {
		try (socket) {
			switch (mode) {
				case STALL -> Thread.sleep(30_000);
				case CLOSE -> {
				}
				case PLAIN -> {
					socket.getOutputStream().write("220 plain.example ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII));
					socket.getOutputStream().flush();
					Thread.sleep(2_000);
				}
				case TRICKLE -> {
					OutputStream out = socket.getOutputStream();
					// a handshake record header announcing 16 KiB, then one byte at a time
					out.write(new byte[] { 0x16, 0x03, 0x03, 0x40, 0x00 });
					for (int i = 0; i < 300; i++) {
						out.write(0x02);
						out.flush();
						Thread.sleep(100);
					}
				}
				case ECHO -> echo((SSLSocket) socket);
			}
		}
		catch (Exception ex) {
			this.lastFailure.set(ex);
		}
	}

	private void echo(SSLSocket socket) throws IOException {
		socket.setSoTimeout(10_000);
		socket.startHandshake();
		this.serverNames.add(((ExtendedSSLSession) socket.getSession()).getRequestedServerNames());
		BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
		OutputStream out = socket.getOutputStream();
		String line;
		while ((line = in.readLine()) != null) {
			out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

	/** Whether it is a TLS server socket. */
	public boolean isTls() {
		return this.server instanceof SSLServerSocket;
	}

}
