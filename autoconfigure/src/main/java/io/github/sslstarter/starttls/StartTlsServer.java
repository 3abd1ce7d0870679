package io.github.sslstarter.starttls;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLSocket;

import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslServerSocketFactory;

/**
 * The server's half of STARTTLS: on a plain socket accepted from an ordinary
 * {@link ServerSocket}, greets the client, answers what the protocol lets it ask before the
 * upgrade (SMTP's EHLO, IMAP's CAPABILITY, POP3's CAPA, FTP's FEAT, PostgreSQL's
 * GSSENCRequest), gives the go-ahead to the client's upgrade command and completes the TLS
 * handshake as the server of a context (IO::Socket::SSL's {@code start_SSL} with
 * {@code SSL_server} on an accepted socket). The caller gets the TLS socket with all the
 * plaintext consumed: the next bytes it reads are the client's first over TLS.
 * <p>
 * A client that sends anything behind its upgrade command before the handshake (a command
 * pipelined behind {@code STARTTLS}, the plaintext-injection class of CVE-2011-0411 and
 * CVE-2021-23214) is refused: it gets the protocol's error reply instead of the go-ahead, and
 * the dialogue fails with a {@link StartTlsException} whose
 * {@link StartTlsException#isPlaintextInjection()} is {@code true}. The dialogue reads byte by
 * byte from the socket's own stream, so nothing the client sent in plaintext is ever handed to
 * the TLS layer or to the caller.
 * <p>
 * The whole plaintext dialogue must end within the context's {@code timeouts.handshake}, and
 * then the handshake within the same timeout again; a client that trickles bytes cannot hold a
 * connection longer. The dialogue runs on the calling thread: accept on one thread and
 * {@link #upgrade(Socket)} on a worker.
 *
 * <pre>{@code
 * SslServerSocketFactory factory = new SslServerSocketFactory(contextFactory);
 * StartTlsServer smtp = new StartTlsServer(StartTls.SMTP, factory, "mail.example.com");
 * try (ServerSocket listening = new ServerSocket(2525, 50, InetAddress.getLoopbackAddress())) {
 *     Socket plain = listening.accept();
 *     workers.execute(() -> {
 *         try (SSLSocket tls = smtp.upgrade(plain)) {
 *             // the client's EHLO over TLS comes next
 *         }
 *         catch (StartTlsException ex) {
 *             // the plaintext dialogue failed: ex.isPlaintextInjection(), ex.isTimeout(), the message says what
 *         }
 *         catch (SslConnectionException ex) {
 *             // the TLS handshake failed: ex.failure() classifies it, the listener was told
 *         }
 *         catch (IOException ex) {
 *             // the connection failed after the handshake
 *         }
 *     });
 * }
 * }</pre>
 */
public final class StartTlsServer {

	private final StartTls protocol;

	private final SslServerSocketFactory factory;

	private final String serverName;

	/**
	 * A server that greets with its local address (an address literal such as
	 * {@code [192.0.2.1]} where the protocol has one).
	 * @param protocol the protocol the clients speak
	 * @param factory the TLS side: the context's identity, parameters, handshake timeout and
	 * listener
	 */
	public StartTlsServer(StartTls protocol, SslServerSocketFactory factory) {
		this(protocol, factory, null);
	}

	/**
	 * A server that greets with that name.
	 * @param protocol the protocol the clients speak
	 * @param factory the TLS side: the context's identity, parameters, handshake timeout and
	 * listener
	 * @param serverName the name in the greeting (SMTP, IMAP, POP3, FTP) and in XMPP's
	 * {@code from}; {@code null} for the socket's local address
	 * @throws IllegalArgumentException if the name is not printable ASCII without spaces
	 */
	public StartTlsServer(StartTls protocol, SslServerSocketFactory factory, String serverName) {
		this.protocol = Objects.requireNonNull(protocol, "protocol");
		this.factory = Objects.requireNonNull(factory, "factory");
		if (serverName != null
				&& (serverName.isEmpty() || serverName.chars().anyMatch((c) -> c <= ' ' || c >= 0x7f))) {
			throw new IllegalArgumentException("The server name must be printable ASCII without spaces");
		}
		this.serverName = serverName;
	}

	/** The protocol the clients speak. */
	public StartTls protocol() {
		return this.protocol;
	}

	/**
	 * Accepts one connection and {@link #upgrade(Socket) upgrades} it, on the calling thread.
	 * @param listening an ordinary (plain) server socket
	 * @return the TLS socket, handshake done, plaintext consumed
	 * @throws IOException the accept's failure, a {@link StartTlsException} from the dialogue or
	 * an {@link SslConnectionException} from the handshake; the accepted socket is closed then
	 */
	public SSLSocket accept(ServerSocket listening) throws IOException {
		return upgrade(listening.accept());
	}

	/**
	 * Speaks the server's half of the dialogue on an accepted socket, then completes the TLS
	 * handshake with {@link SslServerSocketFactory#upgrade}: under the context's handshake
	 * deadline, classified on failure, reported to the factory's listener.
	 * @param accepted a connected plain socket on which nothing has been read or written yet
	 * @return the TLS socket, handshake done, plaintext consumed; closing it closes
	 * {@code accepted}; its read timeout is the context's {@code timeouts.read}
	 * @throws StartTlsException if the dialogue fails, including a client that pipelines
	 * plaintext behind its upgrade command, closes, falls silent beyond the deadline or sends
	 * more than 64 KiB; not a handshake, so the listener is not told
	 * @throws SslConnectionException if the TLS handshake fails
	 */
	public SSLSocket upgrade(Socket accepted) throws IOException {
		try {
			converse(accepted);
		}
		catch (IOException | RuntimeException ex) {
			if (accepted != null) {
				accepted.close();
			}
			throw ex;
		}
		return this.factory.upgrade(accepted, null, true);
	}

	/**
	 * Speaks the server's half of the dialogue only, up to and including the go-ahead, under
	 * the context's handshake deadline; the caller then layers TLS over the socket itself.
	 * The socket's read timeout is put back as it was. On failure the socket is left open and
	 * its state is unspecified: close it.
	 * @param accepted a connected plain socket on which nothing has been read or written yet
	 * @throws StartTlsException if the dialogue fails
	 */
	public void negotiate(Socket accepted) throws StartTlsException {
		int readTimeout;
		try {
			readTimeout = accepted.getSoTimeout();
		}
		catch (IOException ex) {
			throw new StartTlsException(this.protocol,
					this.protocol + " STARTTLS: the socket is not usable: " + ex.getMessage(), ex);
		}
		try {
			converse(accepted);
		}
		finally {
			try {
				accepted.setSoTimeout(readTimeout);
			}
			catch (IOException ex) {
				// a socket closed under the dialogue: its failure is what matters
			}
		}
	}

	private void converse(Socket accepted) throws StartTlsException {
		if (accepted == null || !accepted.isConnected() || accepted.isClosed()) {
			throw new IllegalArgumentException(this.protocol + " STARTTLS needs a connected, open socket");
		}
		if (accepted instanceof SSLSocket) {
			throw new IllegalArgumentException(this.protocol
					+ " STARTTLS starts in plain text: accept from an ordinary ServerSocket, not an SSLServerSocket");
		}
		Duration timeout = this.factory.contextFactory().settings().handshakeTimeout();
		long millis = (timeout == null || timeout.isNegative()) ? 0 : timeout.toMillis();
		PlaintextChannel channel = PlaintextChannel.server(this.protocol, accepted, millis);
		this.protocol.serverDialogue().run(channel, nameFor(accepted));
	}

	private String nameFor(Socket accepted) {
		if (this.serverName != null) {
			return this.serverName;
		}
		InetAddress local = accepted.getLocalAddress();
		if (this.protocol == StartTls.XMPP) {
			// an XMPP domainpart is an IPv4 address as it is, an IPv6 one in brackets (RFC 7622)
			String literal = StartTls.addressLiteral(local);
			return (local instanceof Inet6Address) ? "[" + literal.substring("[IPv6:".length())
					: literal.substring(1, literal.length() - 1);
		}
		return StartTls.addressLiteral(local);
	}

}
