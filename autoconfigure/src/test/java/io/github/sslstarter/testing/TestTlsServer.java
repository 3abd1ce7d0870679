package io.github.sslstarter.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.test.ConnectionHandler;
import io.github.sslstarter.test.TlsServer;

/**
 * A {@link TlsServer} on loopback whose server sockets come from this library's
 * {@link SslServerSocketFactory}: it echoes lines, or misbehaves as told. It records the SNI
 * names clients sent and the last server-side failure.
 */
public final class TestTlsServer implements AutoCloseable {

	private final TlsServer server;

	private TestTlsServer(TlsServer server) {
		this.server = server;
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
		return new TestTlsServer(TlsServer.builder()
			.serverSocketFactory(new SslServerSocketFactory(context))
			.address(address)
			.start());
	}

	/** A TLS echo server of that context on 127.0.0.1. */
	public static TestTlsServer start(SslContextFactory context) throws IOException {
		return start(context, "127.0.0.1");
	}

	/** A plain TCP server on 127.0.0.1 that misbehaves as told. */
	public static TestTlsServer misbehaving(Mode mode) throws IOException {
		return new TestTlsServer(TlsServer.builder().plain().handler(handler(mode)).start());
	}

	private static ConnectionHandler handler(Mode mode) {
		return switch (mode) {
			case STALL -> (socket) -> Thread.sleep(30_000);
			case CLOSE -> (socket) -> {
			};
			case PLAIN -> (socket) -> {
				socket.getOutputStream().write("220 plain.example ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				Thread.sleep(2_000);
			};
			case TRICKLE -> TestTlsServer::trickle;
			case ECHO -> ConnectionHandler.echoLines();
		};
	}

	private static void trickle(Socket socket) throws Exception {
		OutputStream out = socket.getOutputStream();
		// a handshake record header announcing 16 KiB, then one byte at a time
		out.write(new byte[] { 0x16, 0x03, 0x03, 0x40, 0x00 });
		for (int i = 0; i < 300; i++) {
			out.write(0x02);
			out.flush();
			Thread.sleep(100);
		}
	}

	public int port() {
		return this.server.port();
	}

	/** The SNI names of each connection that completed a handshake, in order. */
	public List<List<SNIServerName>> serverNames() {
		return this.server.sessions()
			.stream()
			.map((session) -> ((ExtendedSSLSession) session).getRequestedServerNames())
			.toList();
	}

	/** The last failure on the server side, or {@code null}. */
	public Throwable lastFailure() {
		return this.server.lastFailure();
	}

	@Override
	public void close() {
		this.server.close();
	}

	/** Whether it is a TLS server socket. */
	public boolean isTls() {
		return this.server.isTls();
	}

}
