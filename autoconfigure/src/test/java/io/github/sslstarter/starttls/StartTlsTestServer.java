package io.github.sslstarter.starttls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.github.sslstarter.test.TlsServer;

/**
 * A loopback server that speaks the server side of a STARTTLS dialogue, then upgrades the
 * accepted socket to TLS with a JSSE server socket and echoes one line: a plain {@link TlsServer}
 * whose handler is the dialogue. Accepts any number of connections, each on its own daemon
 * thread, until closed; closing it closes them.
 *
 * <pre>{@code
 * try (StartTlsTestServer server = StartTlsTestServer.start(StartTls.SMTP, TestSslContexts.server(localhost))) {
 *     // connect to 127.0.0.1:server.port()
 * }
 * }</pre>
 */
public final class StartTlsTestServer implements AutoCloseable {

	/** How the server conducts the dialogue. */
	public enum Behaviour {

		/** Speaks the protocol, gives the go-ahead, upgrades to TLS and echoes one line. */
		COMPLIANT,

		/** Does not advertise STARTTLS (SMTP's EHLO reply, XMPP's stream features). */
		NOT_OFFERED,

		/**
		 * Refuses the upgrade: SMTP 454, IMAP NO, POP3 -ERR, FTP 534, LDAP resultCode 53,
		 * PostgreSQL 'N', XMPP failure.
		 */
		REFUSE,

		/** Closes the connection after the client's first message. */
		CLOSE_MID_DIALOGUE,

		/** Reads what the client sends and never answers. */
		SILENT,

		/** Sends plaintext right behind its go-ahead, in the same write. */
		INJECT_AFTER_GO_AHEAD,

		/** Sends an endless unit: a line without end, an LDAPMessage of 64 KiB, XMPP features without end. */
		FLOOD

	}

	/** What {@link Behaviour#INJECT_AFTER_GO_AHEAD} appends to the go-ahead. */
	public static final String INJECTED = "INJECTED PLAINTEXT\r\n";

	private final StartTls protocol;

	private final SSLContext context;

	private final Behaviour behaviour;

	private final AtomicInteger handshakes = new AtomicInteger();

	private final TlsServer server;

	private StartTlsTestServer(StartTls protocol, SSLContext context, Behaviour behaviour) {
		this.protocol = protocol;
		this.context = context;
		this.behaviour = behaviour;
		this.server = TlsServer.builder()
			.plain()
			.address(InetAddress.getLoopbackAddress())
			.handler(this::handle)
			.start();
	}

	/** A compliant server for the protocol on 127.0.0.1 and an ephemeral port. */
	public static StartTlsTestServer start(StartTls protocol, SSLContext serverContext) {
		return start(protocol, serverContext, Behaviour.COMPLIANT);
	}

	/** A server for the protocol that behaves as told, on 127.0.0.1 and an ephemeral port. */
	public static StartTlsTestServer start(StartTls protocol, SSLContext serverContext, Behaviour behaviour) {
		StartTlsServerSide.check(protocol, behaviour);
		return new StartTlsTestServer(protocol, serverContext, behaviour);
	}

	/** The port on the loopback address. */
	public int port() {
		return this.server.port();
	}

	/** The loopback address the server listens on. */
	public InetAddress address() {
		return this.server.address();
	}

	/** How many TLS handshakes the server completed. */
	public int handshakes() {
		return this.handshakes.get();
	}

	@Override
	public void close() {
		this.server.close();
	}

	// failures are the server's: the client's assertions tell what went wrong
	private void handle(Socket socket) throws IOException {
		if (!StartTlsServerSide.converse(this.protocol, this.behaviour, socket)) {
			return;
		}
		SSLSocket tls = (SSLSocket) this.context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
		tls.setUseClientMode(false);
		tls.startHandshake();
		this.handshakes.incrementAndGet();
		BufferedReader reader = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
		String line = reader.readLine();
		if (line != null) {
			OutputStream out = tls.getOutputStream();
			out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
		}
		tls.close();
	}

}
