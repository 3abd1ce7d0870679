package io.github.sslstarter.core;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.github.sslstarter.verify.HostnameMatch;
import io.github.sslstarter.verify.HostnameMismatchException;
import io.github.sslstarter.session.SessionSide;
import io.github.sslstarter.verify.HostnameVerification;
import io.github.sslstarter.verify.VerifyName;

/**
 * Runs one handshake the way every socket of this project gets it: under a deadline that a
 * trickling peer cannot outlast, classified on failure, reported to the listener, and with
 * the host name checked again when a resumed session skipped the trust manager.
 */
final class Handshakes {

	// JSSE's close() of a socket whose handshake is under way may wait for that handshake's locks:
	// it runs here, so that the deadlines' thread, which serves every deadline of the JVM, never waits
	private static final ExecutorService closer = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "tls-handshake-closer");
		thread.setDaemon(true);
		return thread;
	});

	private Handshakes() {
	}

	/**
	 * Performs the handshake of {@code socket}, which already has its parameters. On failure
	 * the socket is closed and a classified exception thrown.
	 */
	static void run(SslContextFactory factory, HandshakeListener listener, SSLSocket socket, String host, int port,
			String verifyName) throws SslConnectionException {
		run(factory, listener, socket, null, host, port, verifyName);
	}

	/**
	 * As {@link #run(SslContextFactory, HandshakeListener, SSLSocket, String, int, String)}, for a
	 * socket layered over {@code underlying}, which the deadline closes too (a layered socket
	 * that does not auto-close would otherwise leave the blocked read running).
	 */
	static void run(SslContextFactory factory, HandshakeListener listener, SSLSocket socket, Socket underlying,
			String host, int port, String verifyName) throws SslConnectionException {
		SslSettings settings = factory.settings();
		boolean client = socket.getUseClientMode();
		long timeout = millis(settings.handshakeTimeout());
		AtomicBoolean timedOut = new AtomicBoolean();
		long start = System.nanoTime();
		Deadlines.Deadline deadline = null;
		boolean resumedMismatch = false;
		try {
			if (timeout > 0) {
				// the deadline alone ends a silent or trickling peer's handshake: no SO_TIMEOUT here, which
				// would turn the JDK's socket non-blocking for good (a read then costs a poll more: 1-4 % of
				// a server connection's CPU, ServerPathProbe in benchmarks/)
				deadline = Deadlines.after(timeout, () -> {
					timedOut.set(true);
					// the plain socket first: closing it ends the blocked read at once, and takes no TLS lock
					if (underlying != null) {
						closeQuietly(underlying);
					}
					closer.execute(() -> closeQuietly(socket));
				});
			}
			factory.ledger().beginHandshake(socket, HostNames.peer(host, port));
			long startMillis = System.currentTimeMillis();
			socket.startHandshake();
			if (deadline != null) {
				deadline.cancel();
			}
			boolean resumed = resumed(factory, socket, client, settings, startMillis);
			if (client && resumed) {
				resumedMismatch = true;
				checkResumedHost(factory, socket, host, verifyName);
				if (factory.trustReloaded()) {
					checkResumedPeer(factory, socket, true);
				}
				resumedMismatch = false;
			}
			if (!client && resumed && factory.trustReloaded()) {
				checkResumedPeer(factory, socket, false);
			}
			socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis(settings.readTimeout())));
			SSLSession session = socket.getSession();
			factory.ledger().handshakeDone(socket, resumed);
			if (!settings.sessionCacheEnabled() || (!client && TlsProviders.isConscrypt(factory.jsseContext())
					&& !ConscryptServers.resumes(settings))) {
				// nothing this context made may be resumed: not this session, nor a TLS 1.3 ticket for it
				session.invalidate();
			}
			factory.sessionCache().record(socket, client ? SessionSide.CLIENT : SessionSide.SERVER, resumed);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			factory.debug().handshake(socket, client, host, port, resumed, took);
			listener.handshake(new HandshakeEvent(settings.name(), client, host, port, session.getProtocol(),
					session.getCipherSuite(), resumed, took, null));
		}
		catch (IOException | RuntimeException ex) {
			if (deadline != null) {
				deadline.cancel();
			}
			closeQuietly(socket);
			if (underlying != null && timedOut.get()) {
				closeQuietly(underlying);
			}
			IOException io = (ex instanceof IOException ioException) ? ioException
					: new javax.net.ssl.SSLHandshakeException(String.valueOf(ex.getMessage()));
			if (io != ex) {
				io.initCause(ex);
			}
			SslConnectionException failure = factory.classify(socket, io, HostNames.peer(host, port), timedOut.get());
			if (resumedMismatch || factory.ledger().offeredAnotherSession(socket)) {
				failure = new ResumedSessionMismatchException(failure);
			}
			listener.handshake(new HandshakeEvent(settings.name(), client, host, port, null, null, false,
					Duration.ofNanos(System.nanoTime() - start), failure.failure()));
			throw failure;
		}
	}

	/**
	 * Whether the handshake resumed a session. A full handshake always checks the peer's chain
	 * and a resumed one never does, so a client (and a server that needs a client certificate)
	 * knows for sure. A server that does not need one never checks a chain; there a resumed
	 * session is one created before this handshake started (a full handshake creates its
	 * session during the handshake; the clock's millisecond is the limit of that answer). A
	 * Conscrypt server asks BoringSSL instead, where it can.
	 */
	private static boolean resumed(SslContextFactory factory, SSLSocket socket, boolean client, SslSettings settings,
			long startMillis) {
		boolean checked = factory.ledger().verified(socket);
		if (client || factory.serverClientAuth() == ClientAuth.NEED) {
			return !checked;
		}
		if (TlsProviders.isConscrypt(factory.jsseContext())) {
			Boolean reused = ConscryptServers.reused(socket);
			if (reused != null) {
				return reused;
			}
		}
		return socket.getSession().getCreationTime() < startMillis;
	}

	private static void checkResumedHost(SslContextFactory factory, SSLSocket socket, String host, String verifyName)
			throws IOException {
		SslSettings settings = factory.settings();
		if (!settings.verifyMode().verifies() || settings.verifyScheme().checksNothing()) {
			return;
		}
		String name = VerifyName.choose(verifyName, settings.verifyName(), host);
		java.security.cert.Certificate[] chain = socket.getSession().getPeerCertificates();
		HostnameMatch match = HostnameVerification.verify(name,
				(java.security.cert.X509Certificate) chain[0], settings.verifyScheme());
		factory.ledger().resumedNameVerified(socket, match.matched() ? name : null);
		if (!match.matched()) {
			// verified for another name: never offer it, nor anything else cached for that peer, again
			socket.getSession().invalidate();
			try {
				factory.sessionCache().invalidate(socket.getSession().getPeerHost(), socket.getSession().getPeerPort());
			}
			catch (UnsupportedOperationException ex) {
				// a provider whose cached sessions cannot be invalidated one by one (Conscrypt)
			}
			javax.net.ssl.SSLHandshakeException failure = new javax.net.ssl.SSLHandshakeException(
					"resumed session does not match");
			failure.initCause(new HostnameMismatchException(match));
			throw failure;
		}
	}

	/**
	 * The context's trust was reloaded: a resumed session must still be one the new trust
	 * accepts. A reload drops every cached session, but a client may hold a ticket no server cache
	 * can drop (TLS 1.3, and 1.2 tickets), and a handshake under way during the reload may cache
	 * its session afterwards. The peer's chain is checked again (chain, CRLs, security level);
	 * refused, the session is invalidated and the handshake fails, which a client's
	 * {@code connect} retries once in full.
	 */
	private static void checkResumedPeer(SslContextFactory factory, SSLSocket socket, boolean client)
			throws IOException {
		java.security.cert.Certificate[] peer;
		try {
			peer = socket.getSession().getPeerCertificates();
		}
		catch (javax.net.ssl.SSLPeerUnverifiedException ex) {
			return;
		}
		java.security.cert.X509Certificate[] chain = java.util.Arrays.stream(peer)
			.map(java.security.cert.X509Certificate.class::cast)
			.toArray(java.security.cert.X509Certificate[]::new);
		try {
			// the authentication type of TLS 1.3 (the JDK's key-usage check then asks for a signing key)
			if (client) {
				factory.trustManager().checkServerTrusted(chain, "UNKNOWN");
			}
			else {
				factory.trustManager().checkClientTrusted(chain, "UNKNOWN");
			}
		}
		catch (java.security.cert.CertificateException ex) {
			socket.getSession().invalidate();
			javax.net.ssl.SSLHandshakeException failure = new javax.net.ssl.SSLHandshakeException("the resumed session's "
					+ (client ? "server" : "client") + " certificate is not trusted since the trust material was reloaded");
			failure.initCause(ex);
			throw failure;
		}
	}

	static long millis(Duration duration) {
		return (duration == null || duration.isNegative()) ? 0 : duration.toMillis();
	}

	static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing after a failure: the failure is what matters
		}
	}

}
