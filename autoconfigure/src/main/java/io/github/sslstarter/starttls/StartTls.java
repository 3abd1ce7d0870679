package io.github.sslstarter.starttls;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The plaintext dialogue of a protocol that upgrades a connected TCP connection to TLS
 * (STARTTLS; IO::Socket::SSL's {@code start_SSL} on a socket that has already spoken the
 * protocol). {@link #negotiate(Socket, String)} stops exactly where the TLS handshake begins, so
 * the socket can then be layered with
 * {@link SSLSocketFactory#createSocket(Socket, String, int, boolean)}, or use
 * {@link #upgrade(Socket, String, SSLSocketFactory)} for both steps.
 *
 * <pre>{@code
 * Socket plain = new Socket();
 * plain.connect(new InetSocketAddress(host, 25), 5000);
 * plain.setSoTimeout(10000);
 * SSLSocket tls = StartTls.of("smtp").upgrade(plain, host, sslContext.getSocketFactory());
 * }</pre>
 * The server's half of each protocol is {@link StartTlsServer}.
 */
public enum StartTls {

	/** SMTP (RFC 3207): EHLO, STARTTLS, 220. */
	SMTP(new SmtpDialogue(), new SmtpServerDialogue(), "smtp"),

	/** IMAP (RFC 3501): a1 STARTTLS, a1 OK. */
	IMAP(new ImapDialogue(), new ImapServerDialogue(), "imap"),

	/** POP3 (RFC 2595): STLS, +OK. */
	POP3(new Pop3Dialogue(), new Pop3ServerDialogue(), "pop3"),

	/** FTP (RFC 4217): AUTH TLS, 234. */
	FTP(new FtpDialogue(), new FtpServerDialogue(), "ftp"),

	/** LDAP (RFC 4511): the StartTLS extended operation. */
	LDAP(new LdapDialogue(), new LdapServerDialogue(), "ldap"),

	/** PostgreSQL: the SSLRequest packet, answered 'S'. */
	POSTGRES(new PostgresDialogue(), new PostgresServerDialogue(), "postgres", "postgresql"),

	/** XMPP client-to-server (RFC 6120): stream features, starttls, proceed. */
	XMPP(new XmppDialogue(), new XmppServerDialogue(), "xmpp");

	private final Dialogue dialogue;

	private final ServerDialogue serverDialogue;

	private final List<String> names;

	StartTls(Dialogue dialogue, ServerDialogue serverDialogue, String... names) {
		this.dialogue = dialogue;
		this.serverDialogue = serverDialogue;
		this.names = List.of(names);
	}

	/** The server's half of the dialogue, for {@link StartTlsServer}. */
	ServerDialogue serverDialogue() {
		return this.serverDialogue;
	}

	/**
	 * The protocol of that name, case-insensitive: {@code smtp}, {@code imap}, {@code pop3},
	 * {@code ftp}, {@code ldap}, {@code postgres} or {@code postgresql}, {@code xmpp}.
	 * @param name the protocol name
	 * @return the protocol
	 * @throws IllegalArgumentException for an unknown name; the message lists the known ones
	 */
	public static StartTls of(String name) {
		String wanted = (name != null) ? name.trim().toLowerCase(Locale.ROOT) : "";
		for (StartTls protocol : values()) {
			if (protocol.names.contains(wanted)) {
				return protocol;
			}
		}
		String known = Arrays.stream(values()).flatMap((protocol) -> protocol.names.stream())
			.collect(Collectors.joining(", "));
		throw new IllegalArgumentException("Unknown STARTTLS protocol '" + name + "'; known: " + known);
	}

	/**
	 * Speaks this protocol's plaintext dialogue on a connected socket, up to the point where the
	 * TLS handshake begins, with SMTP's EHLO naming the socket's local address as an address
	 * literal ({@code [192.0.2.1]}).
	 * @param plain a connected socket on which nothing has been read or written yet
	 * @param host the server's name; XMPP puts it in the stream header
	 * @throws StartTlsException if the dialogue fails, including the server closing the
	 * connection, falling silent beyond the socket's read timeout or sending more than 64 KiB
	 * @see #negotiate(Socket, String, String)
	 */
	public void negotiate(Socket plain, String host) throws StartTlsException {
		negotiate(plain, host, null);
	}

	/**
	 * Speaks this protocol's plaintext dialogue on a connected socket, up to the point where the
	 * TLS handshake begins. Reads byte by byte and never past the server's go-ahead, so the TLS
	 * layer gets every byte after it; bytes the server sends beyond its go-ahead before the
	 * handshake are refused (plaintext injection). Reads wait at most the socket's
	 * {@code SO_TIMEOUT}, which the caller sets. On failure the socket is left open and its state
	 * is unspecified: close it.
	 * @param plain a connected socket on which nothing has been read or written yet
	 * @param host the server's name; XMPP puts it in the stream header
	 * @param clientName the name SMTP's EHLO gives, or {@code null} for the local address literal
	 * @throws StartTlsException if the dialogue fails, including the server closing the
	 * connection, falling silent beyond the socket's read timeout or sending more than 64 KiB
	 */
	public void negotiate(Socket plain, String host, String clientName) throws StartTlsException {
		if (plain == null || !plain.isConnected() || plain.isClosed()) {
			throw new IllegalArgumentException(this + " STARTTLS needs a connected, open socket");
		}
		String ehloName = (clientName != null) ? clientName : addressLiteral(plain.getLocalAddress());
		if (ehloName.isEmpty() || ehloName.chars().anyMatch((c) -> c <= ' ' || c >= 0x7f)) {
			throw new IllegalArgumentException("The client name must be printable ASCII without spaces");
		}
		this.dialogue.run(new PlaintextChannel(this, plain), host, ehloName);
	}

	/**
	 * {@link #negotiate(Socket, String) Negotiates}, then layers TLS over the socket with
	 * {@code factory.createSocket(plain, host, plain.getPort(), true)} and completes the
	 * handshake. On any failure the plain socket is closed.
	 * @param plain a connected socket on which nothing has been read or written yet
	 * @param host the server's name, for the dialogue and for the TLS layer (SNI, verification)
	 * @param factory the TLS socket factory
	 * @return the TLS socket, handshake done; closing it closes the plain socket
	 * @throws IOException a {@link StartTlsException} from the dialogue, or the handshake's
	 * failure
	 */
	public SSLSocket upgrade(Socket plain, String host, SSLSocketFactory factory) throws IOException {
		try {
			negotiate(plain, host);
			SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, plain.getPort(), true);
			tls.startHandshake();
			return tls;
		}
		catch (IOException | RuntimeException ex) {
			if (plain != null) {
				plain.close();
			}
			throw ex;
		}
	}

	/** RFC 5321 section 4.1.3, for an EHLO without a domain name. */
	static String addressLiteral(InetAddress address) {
		if (address instanceof Inet6Address) {
			String text = address.getHostAddress();
			int zone = text.indexOf('%');
			return "[IPv6:" + ((zone >= 0) ? text.substring(0, zone) : text) + "]";
		}
		return "[" + address.getHostAddress() + "]";
	}

}
