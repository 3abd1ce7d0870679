package io.github.sslstarter.core;

import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

import io.github.sslstarter.verify.ChainRejectedException;
import io.github.sslstarter.verify.HostnameMismatchException;
import io.github.sslstarter.verify.WeakCertificateException;

/**
 * A context's debug output ({@code ssl.debug}, IO::Socket::SSL's {@code debug0..3}), through
 * {@link System.Logger} at INFO, one logger per level so that each can be routed or silenced:
 * <ol>
 * <li>{@value #ERRORS}: every failed connection with its class ({@link TlsFailure}), peer and
 * message;</li>
 * <li>{@value #HANDSHAKE}: the handshake flow: the verification steps of the peer's chain
 * (chain, security level, callback, name) each with its verdict and time, then protocol, cipher
 * suite, full or resumed, SNI, ALPN, the peer's chain (subject, issuer, not-after) and the
 * handshake's time;</li>
 * <li>{@value #RECORDS}: the TLS records on the wire of sockets layered over a plain socket
 * (every client socket, {@code upgrade}, {@code accept(plain, trap)}), in hex: type, version,
 * length, handshake records whole and the first {@value #SHOWN} bytes of the others.</li>
 * </ol>
 * Never a key, a password or a session secret: level 2 shows only what the handshake made public
 * (certificates, names, the negotiated suite), level 3 only what any observer of the TCP
 * connection sees; application data appears encrypted, never in plaintext.
 */
public final class TlsDebug {

	/** The logger of level 1, failures with their class. */
	public static final String ERRORS = "io.github.sslstarter.debug.errors";

	/** The logger of level 2, the handshake flow. */
	public static final String HANDSHAKE = "io.github.sslstarter.debug.handshake";

	/** The logger of level 3, record dumps. */
	public static final String RECORDS = "io.github.sslstarter.debug.records";

	static final int SHOWN = 64;

	private static final System.Logger errors = System.getLogger(ERRORS);

	private static final System.Logger handshakes = System.getLogger(HANDSHAKE);

	private static final System.Logger records = System.getLogger(RECORDS);

	private final String context;

	private final int level;

	TlsDebug(String context, int level) {
		this.context = context;
		this.level = level;
	}

	/** The level, 0 to 3. */
	public int level() {
		return this.level;
	}

	/** Level 1: a classified failure. */
	void failure(SslConnectionException failure) {
		if (this.level >= 1) {
			errors.log(Level.INFO, () -> "[" + this.context + "] " + failure.peer() + ": " + failure.failure().tag()
					+ " (" + failure.failure().description() + "): " + failure.getMessage());
		}
	}

	/** Level 2: a handshake that completed. */
	void handshake(SSLSocket socket, boolean client, String host, int port, boolean resumed, Duration took) {
		if (this.level < 2) {
			return;
		}
		SSLSession session = socket.getSession();
		String prefix = prefix(client, host, port);
		StringBuilder flow = new StringBuilder(prefix).append("handshake done: ")
			.append(session.getProtocol())
			.append(' ')
			.append(session.getCipherSuite())
			.append(resumed ? ", resumed" : ", full")
			.append(", ")
			.append(took.toMillis())
			.append(" ms");
		flow.append('\n').append(prefix).append("sni: ").append(sni(socket, session, client));
		String alpn = socket.getApplicationProtocol();
		flow.append('\n').append(prefix).append("alpn: ").append((alpn == null || alpn.isEmpty()) ? "none" : alpn);
		Certificate[] chain;
		try {
			chain = session.getPeerCertificates();
		}
		catch (SSLPeerUnverifiedException ex) {
			chain = new Certificate[0];
		}
		flow.append('\n').append(prefix).append("peer chain: ").append(chain.length).append(" certificate(s)");
		for (int i = 0; i < chain.length; i++) {
			if (chain[i] instanceof X509Certificate certificate) {
				flow.append('\n').append(prefix).append("  [").append(i).append("] ")
					.append(certificate.getSubjectX500Principal().getName())
					.append(" (issuer ")
					.append(certificate.getIssuerX500Principal().getName())
					.append(", until ")
					.append(certificate.getNotAfter().toInstant())
					.append(')');
			}
		}
		handshakes.log(Level.INFO, flow.toString());
	}

	private static String sni(SSLSocket socket, SSLSession session, boolean client) {
		List<SNIServerName> names = client ? socket.getSSLParameters().getServerNames()
				: (session instanceof ExtendedSSLSession extended) ? extended.getRequestedServerNames() : null;
		if (names == null || names.isEmpty()) {
			return client ? "none sent" : "none received";
		}
		StringBuilder text = new StringBuilder();
		for (SNIServerName name : names) {
			text.append((text.length() > 0) ? ", " : "")
				.append((name instanceof SNIHostName hostName) ? hostName.getAsciiName() : name.toString());
		}
		return text.append(client ? " (sent)" : " (received)").toString();
	}

	private String prefix(boolean client, String host, int port) {
		return "[" + this.context + " " + (client ? "client to " : "server for ") + HostNames.peer(host, port) + "] ";
	}

	/** The trust manager that JSSE is given: {@code trustManager}, whose steps level 2 shows. */
	X509ExtendedTrustManager trustManager(VerifyingTrustManager trustManager, boolean verifies) {
		return (this.level >= 2) ? new Steps(trustManager, verifies) : trustManager;
	}

	/** Level 3: the dumps of one connection (the host may be {@code null}), or {@code null} below level 3. */
	Records records(String host, int port) {
		return (this.level >= 3) ? new Records(this.context, HostNames.peer(String.valueOf(host), port)) : null;
	}

	/** The two directions of one connection's records. */
	static final class Records {

		private final Dump sent;

		private final Dump received;

		Records(String context, String peer) {
			this.sent = new Dump("[" + context + " " + peer + "] sent ");
			this.received = new Dump("[" + context + " " + peer + "] received ");
		}

		Dump sent() {
			return this.sent;
		}

		Dump received() {
			return this.received;
		}

	}

	/** Cuts one direction's bytes into TLS records and logs each. */
	static final class Dump {

		private static final int LONGEST = (1 << 14) + 2048;

		private final String prefix;

		private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

		Dump(String prefix) {
			this.prefix = prefix;
		}

		synchronized void add(byte[] bytes, int offset, int length) {
			this.pending.write(bytes, offset, length);
			byte[] all = this.pending.toByteArray();
			int start = 0;
			while (all.length - start >= 5) {
				int type = all[start] & 0xff;
				int recordLength = ((all[start + 3] & 0xff) << 8) | (all[start + 4] & 0xff);
				if (type < 20 || type > 24 || recordLength > LONGEST) {
					// not TLS (a plaintext peer, or bytes after TLS ended): shown as they are, once
					log(this.prefix + "bytes that are not a TLS record (" + (all.length - start) + "): "
							+ hex(all, start, all.length - start));
					start = all.length;
					break;
				}
				if (all.length - start < 5 + recordLength) {
					break;
				}
				int shown = (type == 22) ? recordLength : Math.min(SHOWN, recordLength);
				String head = this.prefix + type(type) + " record, version " + String.format("%02x%02x", all[start + 1],
						all[start + 2]) + ", " + recordLength + " bytes";
				String body = hex(all, start + 5, shown) + ((shown < recordLength) ? " …" : "");
				log(head + ": " + body);
				start += 5 + recordLength;
			}
			this.pending.reset();
			this.pending.write(all, start, all.length - start);
		}

		private static void log(String line) {
			records.log(Level.INFO, line);
		}

		private static String type(int type) {
			return switch (type) {
				case 20 -> "change_cipher_spec";
				case 21 -> "alert";
				case 22 -> "handshake";
				case 23 -> "application_data";
				default -> "heartbeat";
			};
		}

		private static String hex(byte[] bytes, int offset, int length) {
			return HexFormat.of().formatHex(bytes, offset, offset + length);
		}

	}

	/** The verification steps and their verdicts, around the context's trust manager. */
	private final class Steps extends X509ExtendedTrustManager {

		private final VerifyingTrustManager delegate;

		private final boolean verifies;

		Steps(VerifyingTrustManager delegate, boolean verifies) {
			this.delegate = delegate;
			this.verifies = verifies;
		}

		@FunctionalInterface
		private interface Check {

			void run() throws CertificateException;

		}

		private void steps(X509Certificate[] chain, Object connection, boolean server, Check check)
				throws CertificateException {
			long start = System.nanoTime();
			String who = server ? "server" : "client";
			String subject = (chain != null && chain.length > 0) ? chain[0].getSubjectX500Principal().getName()
					: "no certificate";
			String peer = this.delegate.ledger().peer(connection);
			String prefix = "[" + TlsDebug.this.context + (server ? " client to " : " server for ")
					+ ((peer != null) ? peer : peerOf(connection)) + "] verify " + who + " certificate " + subject + ": ";
			try {
				check.run();
				long micros = (System.nanoTime() - start) / 1000;
				String name = this.delegate.ledger().verifiedName(connection);
				log(() -> prefix + (this.verifies ? "chain: trusted (PKIX, " + chainLength(chain) + ")" : "chain: not checked (verify.mode none)")
						+ "; security level " + this.delegate.securityLevel().level() + ": "
						+ (this.verifies ? "passed" : "not checked")
						+ "; name: " + ((name != null) ? "'" + name + "' matched (scheme " + this.delegate.scheme().name() + ")"
								: server ? "not checked (scheme " + this.delegate.scheme().name() + ")" : "not checked for a client")
						+ "; verdict: accepted in " + micros + " µs");
			}
			catch (CertificateException | RuntimeException ex) {
				long micros = (System.nanoTime() - start) / 1000;
				log(() -> prefix + refusedStep(ex) + "; verdict: refused in " + micros + " µs");
				throw ex;
			}
		}

		private String refusedStep(Exception failure) {
			if (failure instanceof HostnameMismatchException) {
				return "chain: trusted; security level: passed; name: refused: " + failure.getMessage();
			}
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof WeakCertificateException) {
					return "security level " + this.delegate.securityLevel().level() + ": refused: " + cause.getMessage();
				}
				if (cause instanceof ChainRejectedException) {
					return "callback: refused: " + cause.getMessage();
				}
			}
			return "chain: refused: " + failure.getMessage();
		}

		private static String chainLength(X509Certificate[] chain) {
			return ((chain != null) ? chain.length : 0) + " sent";
		}

		private static String peerOf(Object connection) {
			if (connection instanceof SSLSocket socket && socket.getInetAddress() != null) {
				return HostNames.peer(socket.getInetAddress().getHostAddress(), socket.getPort());
			}
			if (connection instanceof SSLEngine engine && engine.getPeerHost() != null) {
				return HostNames.peer(engine.getPeerHost(), engine.getPeerPort());
			}
			return "no connection";
		}

		private static void log(Supplier<String> line) {
			handshakes.log(Level.INFO, line);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			steps(chain, socket, true, () -> this.delegate.checkServerTrusted(chain, authType, socket));
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			steps(chain, engine, true, () -> this.delegate.checkServerTrusted(chain, authType, engine));
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			steps(chain, null, true, () -> this.delegate.checkServerTrusted(chain, authType));
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			steps(chain, socket, false, () -> this.delegate.checkClientTrusted(chain, authType, socket));
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			steps(chain, engine, false, () -> this.delegate.checkClientTrusted(chain, authType, engine));
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			steps(chain, null, false, () -> this.delegate.checkClientTrusted(chain, authType));
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegate.getAcceptedIssuers();
		}

	}

}
