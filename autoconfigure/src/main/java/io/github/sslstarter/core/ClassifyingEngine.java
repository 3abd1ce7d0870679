package io.github.sslstarter.core;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The engine {@link SslContextFactory#createEngine(String, int)} returns: the JSSE (or
 * Conscrypt) engine behind it, with every method delegated. What it adds:
 * <ul>
 * <li>every failure of {@code wrap} and {@code unwrap} is an {@link SslConnectionException}
 * (an {@link SSLException}, as the engine's contract wants), classified by the context with
 * what its {@link ConnectionLedger} knows, its message naming the class and the action. (A
 * delegated task does not throw: JSSE keeps its failure for the next {@code wrap} or
 * {@code unwrap}, which is classified.)</li>
 * <li>optionally a handshake deadline, counted from the handshake's first step
 * ({@code beginHandshake}, {@code wrap} or {@code unwrap}): once the handshake has taken longer,
 * the engine refuses to go on with it, and every further {@code wrap} or {@code unwrap} fails as
 * {@link TlsFailure#TIMEOUT} (its outbound side closed). An engine does no I/O and has no thread of its own, so it learns
 * the time only when it is called: a peer that sends nothing at all is the caller's selector
 * timeout to catch.</li>
 * <li>the handshake reported to the context's {@link HandshakeListener} once it finishes or
 * fails (protocol, suite, resumed or not, duration, failure class), so that clients that take
 * only an {@code SSLContext} (the JDK {@code HttpClient}, Netty) show in {@code tls.handshake}
 * as the factories' sockets do.</li>
 * </ul>
 */
final class ClassifyingEngine extends SSLEngine {

	private final SslContextFactory factory;

	private final SSLEngine delegate;

	private final long timeoutNanos;

	private final HandshakeListener listener;

	private long startedNanos;

	private long startedMillis;

	// while true, each call follows the handshake (deadline, report); false once it is done
	private boolean watching;

	private volatile boolean reported;

	private volatile boolean timedOut;

	private volatile BiFunction<SSLEngine, List<String>, String> selector;

	/** @param timeoutMillis the handshake deadline, or 0 for none */
	ClassifyingEngine(SslContextFactory factory, SSLEngine delegate, long timeoutMillis) {
		super(delegate.getPeerHost(), delegate.getPeerPort());
		this.factory = factory;
		this.delegate = delegate;
		this.timeoutNanos = timeoutMillis * 1_000_000;
		this.listener = factory.handshakeListener();
		this.watching = timeoutMillis > 0 || this.listener != HandshakeListener.NONE;
	}

	/** The engine JSSE knows, and the ledger too. */
	SSLEngine delegate() {
		return this.delegate;
	}

	private String peer() {
		String host = this.delegate.getPeerHost();
		return (host != null) ? HostNames.peer(host, this.delegate.getPeerPort()) : "the client";
	}

	private SSLException failed(SSLException failure) {
		SslConnectionException classified = (failure instanceof SslConnectionException ours) ? ours
				: this.factory.classify(this.delegate, failure, peer(), false);
		if (this.watching) {
			report(classified.failure());
		}
		return classified;
	}

	// once per handshake: its outcome, to the listener and the session statistics
	private void report(TlsFailure failure) {
		if (this.reported || this.startedNanos == 0) {
			return;
		}
		this.reported = true;
		boolean client = this.delegate.getUseClientMode();
		Duration duration = Duration.ofNanos(System.nanoTime() - this.startedNanos);
		String host = this.delegate.getPeerHost();
		int port = this.delegate.getPeerPort();
		if (failure != null) {
			this.listener.handshake(new HandshakeEvent(this.factory.name(), client, host, port, null, null, false,
					duration, failure));
			return;
		}
		SSLSession session = this.delegate.getSession();
		this.listener.handshake(new HandshakeEvent(this.factory.name(), client, host, port, session.getProtocol(),
				session.getCipherSuite(), resumed(client, session), duration, null));
	}

	// a full handshake always checks the peer's chain (client, or a server that needs one); otherwise
	// a resumed session is one made before this handshake began
	private boolean resumed(boolean client, SSLSession session) {
		if (client || this.factory.serverClientAuth() == ClientAuth.NEED) {
			return !this.factory.ledger().verified(this.delegate);
		}
		return session.getCreationTime() < this.startedMillis;
	}

	/** Starts the deadline at the handshake's first step, and refuses a step after it. */
	private void step() throws SslConnectionException {
		if (this.timedOut) {
			throw timeout();
		}
		long now = System.nanoTime();
		if (this.startedNanos == 0) {
			this.startedNanos = now | 1;
			this.startedMillis = System.currentTimeMillis();
			this.factory.ledger().beginHandshake(this.delegate, peer());
			return;
		}
		if (this.timeoutNanos > 0 && now - this.startedNanos > this.timeoutNanos) {
			this.timedOut = true;
			this.delegate.closeOutbound();
			throw timeout();
		}
	}

	private SslConnectionException timeout() {
		javax.net.ssl.SSLHandshakeException cause = new javax.net.ssl.SSLHandshakeException(
				"the handshake was not done within " + this.timeoutNanos / 1_000_000 + "ms");
		SslConnectionException classified = this.factory.classify(this.delegate, cause, peer(), true);
		report(classified.failure());
		return classified;
	}

	private SSLEngineResult stepped(SSLEngineResult result) {
		if (result.getHandshakeStatus() == HandshakeStatus.FINISHED
				|| (this.startedNanos != 0 && this.delegate.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING)) {
			this.watching = false;
			report(null);
		}
		return result;
	}

	@Override
	public SSLEngineResult wrap(ByteBuffer source, ByteBuffer destination) throws SSLException {
		if (this.watching) {
			step();
		}
		try {
			SSLEngineResult result = this.delegate.wrap(source, destination);
			return this.watching ? stepped(result) : result;
		}
		catch (SSLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public SSLEngineResult wrap(ByteBuffer[] sources, ByteBuffer destination) throws SSLException {
		if (this.watching) {
			step();
		}
		try {
			SSLEngineResult result = this.delegate.wrap(sources, destination);
			return this.watching ? stepped(result) : result;
		}
		catch (SSLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer destination)
			throws SSLException {
		if (this.watching) {
			step();
		}
		try {
			SSLEngineResult result = this.delegate.wrap(sources, offset, length, destination);
			return this.watching ? stepped(result) : result;
		}
		catch (SSLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer destination) throws SSLException {
		if (this.watching) {
			step();
		}
		try {
			SSLEngineResult result = this.delegate.unwrap(source, destination);
			return this.watching ? stepped(result) : result;
		}
		catch (SSLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] destinations) throws SSLException {
		if (this.watching) {
			step();
		}
		try {
			SSLEngineResult result = this.delegate.unwrap(source, destinations);
			return this.watching ? stepped(result) : result;
		}
		catch (SSLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] destinations, int offset, int length)
			throws SSLException {
		if (this.watching) {
			step();
		}
		try {
			SSLEngineResult result = this.delegate.unwrap(source, destinations, offset, length);
			return this.watching ? stepped(result) : result;
		}
		catch (SSLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public void beginHandshake() throws SSLException {
		if (this.watching) {
			step();
		}
		try {
			this.delegate.beginHandshake();
		}
		catch (SSLException ex) {
			throw failed(ex);
		}
	}

	// what follows only delegates

	@Override
	public Runnable getDelegatedTask() {
		// a task past the deadline still runs: the caller's loop then calls wrap or unwrap, which refuses
		return this.delegate.getDelegatedTask();
	}

	@Override
	public void closeInbound() throws SSLException {
		this.delegate.closeInbound();
	}

	@Override
	public boolean isInboundDone() {
		return this.delegate.isInboundDone();
	}

	@Override
	public void closeOutbound() {
		this.delegate.closeOutbound();
	}

	@Override
	public boolean isOutboundDone() {
		return this.delegate.isOutboundDone();
	}

	@Override
	public String getPeerHost() {
		return this.delegate.getPeerHost();
	}

	@Override
	public int getPeerPort() {
		return this.delegate.getPeerPort();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public String[] getEnabledCipherSuites() {
		return this.delegate.getEnabledCipherSuites();
	}

	@Override
	public void setEnabledCipherSuites(String[] suites) {
		this.delegate.setEnabledCipherSuites(suites);
	}

	@Override
	public String[] getSupportedProtocols() {
		return this.delegate.getSupportedProtocols();
	}

	@Override
	public String[] getEnabledProtocols() {
		return this.delegate.getEnabledProtocols();
	}

	@Override
	public void setEnabledProtocols(String[] protocols) {
		this.delegate.setEnabledProtocols(protocols);
	}

	@Override
	public SSLSession getSession() {
		return this.delegate.getSession();
	}

	@Override
	public SSLSession getHandshakeSession() {
		return this.delegate.getHandshakeSession();
	}

	@Override
	public HandshakeStatus getHandshakeStatus() {
		return this.delegate.getHandshakeStatus();
	}

	@Override
	public void setUseClientMode(boolean mode) {
		this.delegate.setUseClientMode(mode);
	}

	@Override
	public boolean getUseClientMode() {
		return this.delegate.getUseClientMode();
	}

	@Override
	public void setNeedClientAuth(boolean need) {
		this.delegate.setNeedClientAuth(need);
	}

	@Override
	public boolean getNeedClientAuth() {
		return this.delegate.getNeedClientAuth();
	}

	@Override
	public void setWantClientAuth(boolean want) {
		this.delegate.setWantClientAuth(want);
	}

	@Override
	public boolean getWantClientAuth() {
		return this.delegate.getWantClientAuth();
	}

	@Override
	public void setEnableSessionCreation(boolean flag) {
		this.delegate.setEnableSessionCreation(flag);
	}

	@Override
	public boolean getEnableSessionCreation() {
		return this.delegate.getEnableSessionCreation();
	}

	@Override
	public SSLParameters getSSLParameters() {
		return this.delegate.getSSLParameters();
	}

	@Override
	public void setSSLParameters(SSLParameters parameters) {
		this.delegate.setSSLParameters(parameters);
	}

	@Override
	public String getApplicationProtocol() {
		return this.delegate.getApplicationProtocol();
	}

	@Override
	public String getHandshakeApplicationProtocol() {
		return this.delegate.getHandshakeApplicationProtocol();
	}

	@Override
	public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
		this.selector = selector;
		this.delegate.setHandshakeApplicationProtocolSelector(
				(selector != null) ? (engine, protocols) -> selector.apply(this, protocols) : null);
	}

	@Override
	public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
		return this.selector;
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
