package io.github.sslstarter.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import io.github.sslstarter.session.SessionCache;

/**
 * Turns one {@link SslSettings} into an {@link SSLContext} and the parameters every socket and
 * engine of that context gets. Everything is resolved and checked when the factory is built, so
 * a bad setting fails at startup with an {@link SslConfigurationException}; afterwards the
 * factory is immutable and shared by all threads.
 * <p>
 * The parts are small classes of their own: {@code TrustMaterial} (anchors and PKIX),
 * {@code KeyMaterial} (our identities, chosen per connection by SNI name and key type), {@link VerifyingTrustManager} (chain, callback and name,
 * in the handshake), {@code SocketParameters} (protocols, suites, groups, ALPN, client auth) and
 * the {@link ConnectionLedger} (what is known about each connection).
 */
public final class SslContextFactory {

	private static final System.Logger logger = System.getLogger(SslContextFactory.class.getName());

	private volatile SslSettings settings;

	private final Provider provider;

	private final ConnectionLedger ledger;

	private final VerifyingTrustManager trustManager;

	private final RecordingKeyManager keyManager;

	private volatile List<java.security.cert.X509Certificate> trustAnchors;

	private volatile TlsReload lastReload;

	private volatile boolean trustReloaded;

	private final SSLContext context;

	private final SSLContext reportingContext;

	private final HandshakeListener listener;

	private volatile SSLContext contextForOtherNames;

	private final SessionCache sessionCache;

	private final SocketParameters parameters;

	private final TlsDebug debug;

	/** Builds the context; see {@link #SslContextFactory(SslSettings, Consumer)}. */
	public SslContextFactory(SslSettings settings) {
		this(settings, (parameters) -> {
		});
	}

	/**
	 * Builds the context.
	 * @param settings the settings
	 * @param parametersCustomizer writes into the client and the server parameters after the
	 * settings (IO::Socket::SSL's {@code SSL_create_ctx_callback}); all it sets reaches every socket
	 * @throws SslConfigurationException when a setting cannot be honoured
	 */
	public SslContextFactory(SslSettings settings, Consumer<SSLParameters> parametersCustomizer) {
		this(settings, parametersCustomizer, HandshakeListener.NONE);
	}

	/**
	 * Builds the context.
	 * @param settings the settings
	 * @param parametersCustomizer writes into the client and the server parameters after the
	 * settings (IO::Socket::SSL's {@code SSL_create_ctx_callback}); all it sets reaches every socket
	 * @param listener told of every handshake of this context's sockets and engines, including
	 * those of clients given only {@link #sslContext()} (the metrics' {@code tls.handshake})
	 * @throws SslConfigurationException when a setting cannot be honoured
	 */
	public SslContextFactory(SslSettings settings, Consumer<SSLParameters> parametersCustomizer,
			HandshakeListener listener) {
		this.settings = settings;
		this.listener = (listener != null) ? listener : HandshakeListener.NONE;
		this.ledger = new ConnectionLedger(settings.name());
		this.debug = new TlsDebug(settings.name(), settings.debug());
		if (!settings.verifyMode().verifies() && settings.clientAuth() != ClientAuth.NONE) {
			throw new SslConfigurationException("client-auth",
					"client-auth is " + settings.clientAuth().name().toLowerCase(Locale.ROOT)
							+ " but verify.mode is none, so any client certificate would be accepted",
					"set verify.mode=peer (the default) with trust anchors for the client certificates, or client-auth=none");
		}
		this.provider = TlsProviders.find(settings.provider());
		TrustMaterial trust = TrustMaterial.of(settings);
		this.trustAnchors = List.copyOf(trust.anchors());
		checkPins(settings);
		this.trustManager = settings.verifyMode().verifies()
				? new VerifyingTrustManager(trust.pkix(), settings.verifyChainCallback(), settings.verifyScheme(),
						settings.verifyName(), this.ledger, settings.securityLevel(), settings.trustPins(),
						settings.trustPinsReplaceChain(), OcspChecking.of(settings))
				: new VerifyingTrustManager(null, null, io.github.sslstarter.verify.HostnameScheme.NONE, null,
						this.ledger);
		this.keyManager = new RecordingKeyManager(keyManager(settings), this.ledger);
		this.context = newContext();
		configureSessions(this.context.getServerSessionContext());
		this.sessionCache = new SessionCache(settings.name(), this.context);
		this.parameters = new SocketParameters(settings, this.context, serverClientAuth(), parametersCustomizer);
		this.reportingContext = new ReportingSslContext(this, this.context);
		if (!settings.verifyMode().verifies()) {
			logger.log(Level.WARNING, "TLS context '" + settings.name()
					+ "' does not verify its peers (verify.mode=none): connections can be intercepted");
		}
		else if (settings.verifyScheme().checksNothing()) {
			logger.log(Level.WARNING, "TLS context '" + settings.name()
					+ "' does not verify host names (verify.scheme=none): any trusted certificate is accepted");
		}
	}

	private static void checkPins(SslSettings settings) {
		if (!settings.trustPins().isEmpty() && !settings.verifyMode().verifies()) {
			throw new SslConfigurationException("trust.pins",
					"trust.pins is set but verify.mode is none, so no pin would ever be checked",
					"set verify.mode=peer (with trust.pins-replace-chain=true for a self-signed peer), or remove trust.pins");
		}
		if (settings.trustPinsReplaceChain() && settings.trustPins().isEmpty()) {
			throw new SslConfigurationException("trust.pins-replace-chain",
					"trust.pins-replace-chain is on but trust.pins is empty, so there is no pin to replace the chain with",
					"add the peer's pin to trust.pins (the failure of a first connection names it), or remove "
							+ "trust.pins-replace-chain");
		}
	}

	private SSLContext newContext() {
		try {
			SSLContext context = (this.provider != null) ? SSLContext.getInstance("TLS", this.provider)
					: SSLContext.getInstance("TLS");
			context.init(new KeyManager[] { this.keyManager },
					new TrustManager[] { this.debug.trustManager(this.trustManager, this.settings.verifyMode().verifies()) },
					new SecureRandom());
			configureSessions(context.getClientSessionContext());
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new SslConfigurationException("provider", "cannot create a TLS context: " + ex.getMessage(),
					"check the provider and the key material", ex);
		}
	}

	private void configureSessions(SSLSessionContext sessions) {
		if (sessions == null) {
			return;
		}
		if (!this.settings.sessionCacheEnabled()) {
			// JSSE issues and keeps no session ticket when sessions would outlive a ticket's 7 days;
			// the handshake runner invalidates each session it made
			sessions.setSessionCacheSize(1);
			sessions.setSessionTimeout(Integer.MAX_VALUE);
			return;
		}
		if (this.settings.sessionCacheSize() > 0) {
			sessions.setSessionCacheSize(this.settings.sessionCacheSize());
		}
		if (this.settings.sessionCacheTimeout() != null) {
			sessions.setSessionTimeout(
					(int) Math.min(Integer.MAX_VALUE, this.settings.sessionCacheTimeout().toSeconds()));
		}
	}

	// the one place the key side of a context is built from its settings, at startup and on reload
	private static javax.net.ssl.X509ExtendedKeyManager keyManager(SslSettings settings) {
		return KeyMaterial.keyManager(settings);
	}

	/**
	 * The settings this factory was built from, with the material of the last successful
	 * {@link #replaceMaterial reload}.
	 */
	public SslSettings settings() {
		return this.settings;
	}

	/**
	 * Makes the key and trust material of {@code reloaded} (the same context's settings, loaded
	 * again from its files or bundles) this context's from the next handshake on, behind the same
	 * {@link SSLContext}: every socket, engine, published bundle and client built from this
	 * factory then uses it, without being rebuilt. Connections already open are unaffected. The new
	 * material is built and checked first (as at startup); when it cannot be used, nothing changes.
	 * When the material changed, every session cached by this context (client and server side)
	 * is invalidated, so that no handshake resumes a session that the old identity made or the old
	 * trust accepted. Everything else of the settings (protocols, suites, verification) is this
	 * factory's as built: it is not reloaded.
	 * @param reloaded the context's settings with the reloaded material
	 * @return what changed
	 * @throws SslConfigurationException when the new material cannot be used
	 */
	public synchronized MaterialChange replaceMaterial(SslSettings reloaded) {
		SslSettings current = this.settings;
		if (!current.name().equals(reloaded.name())) {
			throw new IllegalArgumentException(
					"Settings of context '" + reloaded.name() + "' cannot replace the material of '" + current.name() + "'");
		}
		boolean identityChanged = !MaterialChange.sameIdentities(current, reloaded);
		boolean trustChanged = !MaterialChange.sameTrust(current, reloaded);
		if (!identityChanged && !trustChanged) {
			return new MaterialChange(false, false, 0);
		}
		// everything is built before anything is replaced: a failure leaves the context as it was
		javax.net.ssl.X509ExtendedKeyManager keys = identityChanged ? keyManager(reloaded) : null;
		TrustMaterial trust = (trustChanged && current.verifyMode().verifies()) ? TrustMaterial.of(reloaded) : null;
		if (identityChanged) {
			this.keyManager.replaceDelegate(keys);
		}
		if (trust != null) {
			this.trustManager.replacePkix(trust.pkix());
			this.trustAnchors = List.copyOf(trust.anchors());
			this.trustReloaded = true;
		}
		this.settings = reloaded;
		return new MaterialChange(identityChanged, trustChanged, invalidateSessions());
	}

	// every cached session of both contexts, both sides; -1 when the provider cannot (Conscrypt)
	private int invalidateSessions() {
		try {
			int invalidated = this.sessionCache.invalidateAll();
			SSLContext other = this.contextForOtherNames;
			if (other != null) {
				invalidated += invalidate(other.getClientSessionContext()) + invalidate(other.getServerSessionContext());
			}
			return invalidated;
		}
		catch (UnsupportedOperationException ex) {
			logger.log(Level.WARNING, "TLS context '" + name() + "': the cached sessions of the old material cannot be"
					+ " invalidated (" + ex.getMessage() + "); they are resumed until they expire");
			return -1;
		}
	}

	private static int invalidate(SSLSessionContext sessions) {
		if (sessions == null) {
			return 0;
		}
		int count = 0;
		for (byte[] id : java.util.Collections.list(sessions.getIds())) {
			javax.net.ssl.SSLSession session = sessions.getSession(id);
			if (session != null) {
				session.invalidate();
				count++;
			}
		}
		return count;
	}

	/** Whether the trust was ever reloaded: resumed client sessions are then checked again ({@code Handshakes}). */
	boolean trustReloaded() {
		return this.trustReloaded;
	}

	/** The last reload of this context's material, successful or not; {@code null} before the first. */
	public TlsReload lastReload() {
		return this.lastReload;
	}

	void lastReload(TlsReload reload) {
		this.lastReload = reload;
	}

	/** The context's name. */
	public String name() {
		return this.settings.name();
	}

	/**
	 * The TLS context, for clients that take an {@code SSLContext}: initialised with this
	 * factory's key and trust managers, its engines and sockets configured, verified and
	 * classified like the factories' and their handshakes reported to the listener
	 * ({@code tls.handshake}); its default parameters are the context's client parameters. It
	 * shares its session caches with this factory's sockets, and refuses {@code init}.
	 */
	public SSLContext sslContext() {
		return this.reportingContext;
	}

	/** The JSSE context behind {@link #sslContext()}, for this package's factories. */
	SSLContext jsseContext() {
		return this.context;
	}

	/** Told of every handshake of this context's sockets and engines. */
	public HandshakeListener handshakeListener() {
		return this.listener;
	}

	/** The key manager that presents this context's identity (none: it presents nothing). */
	public javax.net.ssl.X509ExtendedKeyManager keyManager() {
		return this.keyManager;
	}

	/**
	 * The TLS context for connections verified against a name given for that one connection.
	 * Client sessions are cached by host and port and a resumed handshake runs no trust manager,
	 * so such sessions live in a cache of their own, keyed by the name they were verified for
	 * (the factory hands that name to JSSE as the session's host): a later connection that
	 * expects the usual name (an unconnected socket, an engine) never resumes them, nor one that
	 * expects another name. Same managers and settings.
	 */
	SSLContext sslContextForOtherNames() {
		SSLContext other = this.contextForOtherNames;
		if (other == null) {
			synchronized (this) {
				other = this.contextForOtherNames;
				if (other == null) {
					other = newContext();
					this.contextForOtherNames = other;
				}
			}
		}
		return other;
	}

	/**
	 * Whether this context's server sockets ask clients for a certificate: {@code client-auth}
	 * (which the properties loader derives from a configured {@code verify.mode} when it is not
	 * set: {@link VerifyMode#clientAuthWhenUnset()}), or need when the verify mode is
	 * {@link VerifyMode#FAIL_IF_NO_PEER_CERT}.
	 */
	public ClientAuth serverClientAuth() {
		return (this.settings.verifyMode() == VerifyMode.FAIL_IF_NO_PEER_CERT) ? ClientAuth.NEED
				: this.settings.clientAuth();
	}

	/** The trust manager that verifies chains and host names for this context. */
	public VerifyingTrustManager trustManager() {
		return this.trustManager;
	}

	/** What this context knows about each of its connections. */
	public ConnectionLedger ledger() {
		return this.ledger;
	}

	/** The context's debug output ({@code ssl.debug}). */
	public TlsDebug debug() {
		return this.debug;
	}

	/** The context's session caches, client and server side, and their statistics. */
	public SessionCache sessionCache() {
		return this.sessionCache;
	}

	/** The enabled protocols, resolved. */
	public List<String> protocols() {
		return this.parameters.protocols();
	}

	/** The enabled cipher suites (TLS 1.3 suites first), resolved. */
	public List<String> cipherSuites() {
		return this.parameters.cipherSuites();
	}

	/** The key-exchange groups asked for (empty: the JVM's). */
	public List<String> namedGroups() {
		return this.parameters.namedGroups();
	}

	/** How many trust anchors verify peers. */
	public int trustAnchorCount() {
		return this.trustAnchors.size();
	}

	/** The trust anchors that verify peers: the configured ones, and the JDK's when trusted. */
	public List<java.security.cert.X509Certificate> trustAnchors() {
		return this.trustAnchors;
	}

	/** A fresh copy of the parameters for client sockets (without SNI: that is per connection). */
	public SSLParameters clientParameters() {
		return this.parameters.copy(true);
	}

	/** A fresh copy of the parameters for server sockets. */
	public SSLParameters serverParameters() {
		return this.parameters.copy(false);
	}

	/**
	 * Client parameters for a connection to {@code host}: SNI is the settings' {@code sni}, or
	 * the host unless it is an IP literal; {@code ""} sends none.
	 */
	public SSLParameters clientParameters(String host, String sniOverride) {
		return this.parameters.copy(host, sniOverride);
	}

	/** The parameters, for this package's factories to apply to their sockets. */
	SocketParameters socketParameters() {
		return this.parameters;
	}

	/**
	 * An {@link SSLEngine} configured like this factory's sockets, for NIO users: client mode
	 * with SNI and host name verification for {@code host}, or server mode when {@code host}
	 * is {@code null}. Every failure of its {@code wrap}, {@code unwrap} and
	 * {@code beginHandshake} is an {@link SslConnectionException} (an {@code SSLException}),
	 * classified as the sockets' are and recorded in the {@link #ledger()}. It has no handshake
	 * deadline: see {@link #createEngine(String, int, Duration)}.
	 */
	public SSLEngine createEngine(String host, int port) {
		return createEngine(host, port, Duration.ZERO);
	}

	/**
	 * As {@link #createEngine(String, int)}, with a handshake deadline: once the handshake has
	 * taken longer than {@code handshakeTimeout} since its first step, the engine's next
	 * {@code wrap} or {@code unwrap} fails as {@link TlsFailure#TIMEOUT} and it goes no further.
	 * The engine learns the time only when it is called, so a peer that sends nothing at all is
	 * for the caller's selector timeout to catch. Pass {@code settings().handshakeTimeout()} for
	 * the context's {@code timeouts.handshake}.
	 * @param handshakeTimeout the deadline; zero or negative for none
	 */
	public SSLEngine createEngine(String host, int port, Duration handshakeTimeout) {
		SSLEngine engine;
		if (host == null) {
			engine = this.context.createSSLEngine();
			this.parameters.applyServer(engine);
		}
		else {
			engine = this.context.createSSLEngine(host, port);
			this.parameters.applyClient(engine, host, null);
		}
		return new ClassifyingEngine(this, engine, Handshakes.millis(handshakeTimeout));
	}

	/**
	 * Classifies a failure on one of this context's client sockets, with what the context saw
	 * of it (for example that the server asked for a client certificate we did not have). The
	 * sockets the factories return do it by themselves for their first reads and writes (a TLS
	 * 1.3 server refuses a missing client certificate only on the client's first read); this is
	 * for later failures, and for sockets made from {@link #sslContext()} directly. A failure
	 * that is already classified is returned as it is.
	 */
	public SslConnectionException classify(SSLSocket socket, IOException failure) {
		String peer = this.ledger.peer(socket);
		if (peer == null) {
			peer = HostNames.peer(String.valueOf(socket.getInetAddress() != null
					? socket.getInetAddress().getHostAddress() : "unconnected"), socket.getPort());
		}
		return classify(socket, failure, peer, false);
	}

	/**
	 * Whether the server of that client socket asked for a client certificate that this context
	 * does not have. A TLS 1.3 server that requires one says so only after the handshake, on the
	 * client's first read.
	 */
	public boolean certificateRequestedButMissing(SSLSocket socket) {
		return this.ledger.certificateRequestedButMissing(socket);
	}

	SslConnectionException classify(Object connection, IOException failure, String peer, boolean timedOut) {
		SslConnectionException classified = TlsFailures.classify(failure, peer, timedOut);
		if (this.ledger.certificateRequestedButMissing(connection)
				&& classified.failure() != TlsFailure.CLIENT_CERTIFICATE_REQUIRED
				&& classified.failure() != TlsFailure.TIMEOUT) {
			classified = new SslConnectionException(TlsFailure.CLIENT_CERTIFICATE_REQUIRED, peer,
					"the server asked for a client certificate and this context has none ("
							+ classified.failure().description() + ": " + failure.getMessage() + ")",
					failure);
		}
		this.ledger.failed(connection, classified.failure());
		this.debug.failure(classified);
		return classified;
	}

}
