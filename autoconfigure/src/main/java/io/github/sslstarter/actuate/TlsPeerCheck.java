package io.github.sslstarter.actuate;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.github.sslstarter.core.Connector;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.starttls.StartTlsException;
import io.github.sslstarter.verify.VerifyName;

/**
 * One check of one peer: TCP connect, the STARTTLS dialogue if any, the TLS handshake with the
 * peer's context (chain and host name verified inside it), then close. The whole check runs
 * under one deadline: when it is reached the socket is closed, which ends any blocking read.
 */
final class TlsPeerCheck {

	static final String STARTTLS_FAILED = "starttls-failed";

	private static final Duration PROBE = Duration.ofMillis(100);

	private final TlsPeer peer;

	private final SslSocketFactory factory;

	private final Duration timeout;

	private final ScheduledExecutorService watchdog;

	TlsPeerCheck(TlsPeer peer, SslSocketFactory factory, Duration timeout, ScheduledExecutorService watchdog) {
		this.peer = peer;
		this.factory = factory;
		this.timeout = timeout;
		this.watchdog = watchdog;
	}

	TlsPeer peer() {
		return this.peer;
	}

	SslSocketFactory factory() {
		return this.factory;
	}

	TlsPeerResult run() {
		Instant checkedAt = Instant.now();
		long start = System.nanoTime();
		long deadline = start + this.timeout.toNanos();
		AtomicReference<Socket> open = new AtomicReference<>();
		AtomicReference<String> stage = new AtomicReference<>("connect");
		AtomicReference<String> timedOutDuring = new AtomicReference<>();
		// closing the socket is the one way to interrupt a blocked connect or read
		ScheduledFuture<?> guard = this.watchdog.schedule(() -> {
			timedOutDuring.set(stage.get());
			closeQuietly(open.getAndSet(null));
		}, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		try {
			Socket plain = connect(open, deadline);
			if (this.peer.startTls() != null) {
				stage.set("the " + this.peer.startTls() + " STARTTLS dialogue");
				plain.setSoTimeout(remainingMillis(deadline));
				this.peer.startTls().negotiate(plain, this.peer.host());
			}
			stage.set("the TLS handshake");
			forgetCachedSessions();
			long handshakeStart = System.nanoTime();
			SSLSocket tls = this.factory.upgrade(plain, this.peer.host(), this.peer.port(), true, null,
					this.peer.verifyName());
			open.set(tls);
			Duration handshakeTime = Duration.ofNanos(System.nanoTime() - handshakeStart);
			SSLSession session = tls.getSession();
			probeForRefusal(tls, session, deadline);
			List<CertificateDescription> chain = new ArrayList<>();
			for (Certificate certificate : session.getPeerCertificates()) {
				if (certificate instanceof X509Certificate x509) {
					chain.add(CertificateDescription.of(x509));
				}
			}
			// the next check must not resume this session: it would show this chain, not the peer's current one
			session.invalidate();
			return TlsPeerResult.success(this.peer, checkedAt, since(start), session.getProtocol(),
					session.getCipherSuite(), handshakeTime, verification(), chain);
		}
		catch (IOException | RuntimeException ex) {
			return failure(ex, checkedAt, start, timedOutDuring.get());
		}
		finally {
			guard.cancel(false);
			closeQuietly(open.getAndSet(null));
		}
	}

	private Socket connect(AtomicReference<Socket> open, long deadline) throws IOException {
		Socket socket = new Connector(this.factory.contextFactory().settings()).connect(this.peer.host(),
				this.peer.port(), deadline);
		open.set(socket);
		return socket;
	}

	/**
	 * A TLS 1.3 server that requires a client certificate refuses a client without one only
	 * after the client's handshake is done, so the client learns it on its first read. When it
	 * asked for one and we sent none, read briefly: an alert is the refusal; silence or data is fine.
	 */
	private void probeForRefusal(SSLSocket tls, SSLSession session, long deadline) throws IOException {
		if (!"TLSv1.3".equals(session.getProtocol()) || session.getLocalCertificates() != null
				|| !this.factory.contextFactory().certificateRequestedButMissing(tls)) {
			return;
		}
		tls.setSoTimeout((int) Math.min(PROBE.toMillis(), remainingMillis(deadline)));
		try {
			tls.getInputStream().read();
		}
		catch (SocketTimeoutException ex) {
			// nothing to say: the server accepted us
		}
		catch (IOException ex) {
			throw this.factory.contextFactory().classify(tls, ex);
		}
	}

	// a check must see the peer's current chain, not one resumed from a session cached earlier
	private void forgetCachedSessions() {
		try {
			this.factory.contextFactory().sessionCache().invalidate(this.peer.host(), this.peer.port());
		}
		catch (UnsupportedOperationException ex) {
			// a provider whose sessions cannot be invalidated (Conscrypt): the check may resume
		}
	}

	private String verification() {
		SslSettings settings = this.factory.contextFactory().settings();
		if (!settings.verifyMode().verifies()) {
			return "not verified (verify.mode=none)";
		}
		if (settings.verifyScheme().checksNothing()) {
			return "chain verified; host name not checked (scheme none)";
		}
		String name = VerifyName.choose(this.peer.verifyName(), settings.verifyName(), this.peer.host());
		return "chain verified; host name '" + name + "' verified by scheme '" + settings.verifyScheme().name()
				+ "'";
	}

	private TlsPeerResult failure(Exception ex, Instant checkedAt, long start, String timedOutDuring) {
		Duration took = since(start);
		if (timedOutDuring != null) {
			return TlsPeerResult.failure(this.peer, checkedAt, took, TlsFailure.TIMEOUT.tag(),
					TlsFailure.TIMEOUT.description(),
					"TLS check of " + this.peer.target() + " timed out during " + timedOutDuring + ": not done within "
							+ this.timeout.toMillis() + "ms (ssl.health.timeout). Action: check that the peer is up "
							+ "and reachable, or raise ssl.health.timeout");
		}
		if (ex instanceof SslConnectionException classified) {
			return TlsPeerResult.failure(this.peer, checkedAt, took, classified.failure().tag(),
					classified.failure().description(), classified.getMessage());
		}
		if (ex instanceof StartTlsException startTls) {
			if (startTls.isTimeout()) {
				return TlsPeerResult.failure(this.peer, checkedAt, took, TlsFailure.TIMEOUT.tag(),
						TlsFailure.TIMEOUT.description(), startTls.getMessage());
			}
			return TlsPeerResult.failure(this.peer, checkedAt, took, STARTTLS_FAILED, "STARTTLS dialogue failed",
					"STARTTLS with " + this.peer.target() + " failed: " + startTls.getMessage()
							+ ". Action: check the port and start-tls of this peer, and that the server offers STARTTLS");
		}
		TlsFailure kind = (ex instanceof SocketTimeoutException) ? TlsFailure.TIMEOUT
				: (ex instanceof IOException) ? TlsFailure.CONNECT_FAILED : TlsFailure.OTHER;
		return TlsPeerResult.failure(this.peer, checkedAt, took, kind.tag(), kind.description(),
				new SslConnectionException(kind, this.peer.target(), String.valueOf(ex.getMessage()), ex).getMessage());
	}

	private static int remainingMillis(long deadline) {
		long remaining = (deadline - System.nanoTime()) / 1_000_000;
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining));
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void closeQuietly(Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// the check's outcome is already decided
			}
		}
	}

}
