package io.github.sslstarter.starttls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server that speaks the server side of a STARTTLS dialogue, then upgrades the
 * accepted socket to TLS with a JSSE server socket and echoes one line. Accepts any number of
 * connections, each on its own daemon thread, until closed.
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

	private final ServerSocket listener;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final AtomicInteger handshakes = new AtomicInteger();

	private volatile boolean closed;

	private StartTlsTestServer(StartTls protocol, SSLContext context, Behaviour behaviour) throws IOException {
		this.protocol = protocol;
		this.context = context;
		this.behaviour = behaviour;
		this.listener = new ServerSocket();
		this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
	}

	/** A compliant server for the protocol on 127.0.0.1 and an ephemeral port. */
	public static StartTlsTestServer start(StartTls protocol, SSLContext serverContext) {
		return start(protocol, serverContext, Behaviour.COMPLIANT);
	}

	/** A server for the protocol that behaves as told, on 127.0.0.1 and an ephemeral port. */
	public static StartTlsTestServer start(StartTls protocol, SSLContext serverContext, Behaviour behaviour) {
		StartTlsServerSide.check(protocol, behaviour);
		try {
			StartTlsTestServer server = new StartTlsTestServer(protocol, serverContext, behaviour);
			Thread acceptor = new Thread(server::acceptLoop, "starttls-test-" + protocol + "-accept");
			acceptor.setDaemon(true);
			acceptor.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The port on the loopback address. */
	public int port() {
		return this.listener.getLocalPort();
	}

	/** The loopback address the server listens on. */
	public InetAddress address() {
		return this.listener.getInetAddress();
	}

	/** How many TLS handshakes the server completed. */
	public int handshakes() {
		return this.handshakes.get();
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.listener);
		this.connections.forEach(StartTlsTestServer::closeQuietly);
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket accepted = this.listener.accept();
				this.connections.add(accepted);
				Thread handler = new Thread(() -> handle(accepted), "starttls-test-" + this.protocol + "-conn");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void handle(Socket socket) {
		try (socket) {
			socket.setSoTimeout(10_000);
			if (!StartTlsServerSide.converse(this.protocol, this.behaviour, socket)) {
				return;
			}
			SSLSocket tls = (SSLSocket) this.context.getSocketFactory().createSocket(socket, null, socket.getPort(),
					true);
			tls.setUseClientMode(false);
			tls.startHandshake();
			this.handshakes.incrementAndGet();
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
			String line = reader.readLine();
			if (line != null) {
				OutputStream out = tls.getOutputStream();
				out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			tls.close();
		}
		catch (IOException ex) {
			// the client went away or failed its side; the client's assertions tell
		}
		finally {
			this.connections.remove(socket);
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing anyway
		}
	}

}
