package io.github.sslstarter.core;

import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.session.SessionCache;
import io.github.sslstarter.spec.CipherSpec;
import io.github.sslstarter.spec.NamedGroups;
import io.github.sslstarter.spec.ProtocolSpec;
import io.github.sslstarter.spec.SpecException;
import io.github.sslstarter.verify.CallbackTrustManager;
import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.VerifyingTrustManager;

/**
 * Turns one {@link SslSettings} into an {@link SSLContext} and the {@link SSLParameters} every
 * socket of that context gets. Everything is resolved and checked when the factory is built, so
 * a bad setting fails at startup with an {@link SslConfigurationException}; afterwards the
 * factory is immutable and shared by all threads.
 */
public final class SslContextFactory {

	private static final System.Logger logger = System.getLogger(SslContextFactory.class.getName());

	private static volatile List<X509Certificate> systemAnchors;

	private final SslSettings settings;

	private final SSLContext context;

	private final Provider provider;

	private volatile SSLContext contextForOtherNames;

	private final VerifyingTrustManager trustManager;

	private final RecordingKeyManager keyManager;

	private final ChainRecordingTrustManager chainRecorder;

	private final SessionCache sessionCache;

	private final List<String> protocols;

	private final List<String> cipherSuites;

	private final SSLParameters clientParameters;

	private final SSLParameters serverParameters;

	private final int trustAnchorCount;

	private final List<String> namedGroups;

	// whether this JVM takes named groups per connection (JDK 20+): only then are they re-applied
	private final boolean namedGroupsPerConnection;

	/** Builds the context; see {@link #SslContextFactory(SslSettings, Consumer)}. */
	public SslContextFactory(SslSettings settings) {
		this(settings, (parameters) -> {
		});
	}

	/**
	 * Builds the context.
	 * @param settings the settings
	 * @param parametersCustomizer applied to the client and the server parameters after the
	 * settings (IO::Socket::SSL's {@code SSL_create_ctx_callback})
	 * @throws SslConfigurationException when a setting cannot be honoured
	 */
	public SslContextFactory(SslSettings settings, Consumer<SSLParameters> parametersCustomizer) {
		this.settings = settings;
		if (!settings.verifyMode().verifies() && settings.clientAuth() != ClientAuth.NONE) {
			throw new SslConfigurationException("client-auth",
					"client-auth is " + settings.clientAuth().name().toLowerCase(java.util.Locale.ROOT)
							+ " but verify.mode is none, so any client certificate would be accepted",
					"set verify.mode=peer (the default) with trust anchors for the client certificates, or client-auth=none");
		}
		Provider provider = TlsProviders.find(settings.provider());
		this.provider = provider;
		List<X509Certificate> anchors = anchors(settings);
		this.trustAnchorCount = anchors.size();
		this.trustManager = trustManager(settings, anchors, provider);
		try {
			this.keyManager = new RecordingKeyManager(keyManager(settings.identity()));
			this.chainRecorder = new ChainRecordingTrustManager(this.trustManager);
			this.context = (provider != null) ? SSLContext.getInstance("TLS", provider) : SSLContext.getInstance("TLS");
			this.context.init(new KeyManager[] { this.keyManager }, new TrustManager[] { this.chainRecorder },
					new SecureRandom());
		}
		catch (GeneralSecurityException ex) {
			throw new SslConfigurationException("provider", "cannot create a TLS context: " + ex.getMessage(),
					"check the provider and the key material", ex);
		}
		configureSessions(this.context.getClientSessionContext(), settings);
		configureSessions(this.context.getServerSessionContext(), settings);
		this.sessionCache = new SessionCache(settings.name(), this.context);
		SSLParameters supported = this.context.getSupportedSSLParameters();
		this.protocols = resolveProtocols(settings, supported);
		this.cipherSuites = resolveCipherSuites(settings, supported, this.protocols);
		this.namedGroups = resolveNamedGroups(settings);
		this.namedGroupsPerConnection = !this.namedGroups.isEmpty()
				&& NamedGroups.apply(new SSLParameters(), this.namedGroups).applied();
		this.clientParameters = parameters(true);
		this.serverParameters = parameters(false);
		parametersCustomizer.accept(this.clientParameters);
		parametersCustomizer.accept(this.serverParameters);
		if (!settings.verifyMode().verifies()) {
			logger.log(Level.WARNING, "TLS context '" + settings.name()
					+ "' does not verify its peers (verify.mode=none): connections can be intercepted");
		}
		else if (settings.hostnameScheme().checksNothing()) {
			logger.log(Level.WARNING, "TLS context '" + settings.name()
					+ "' does not verify host names (verify.scheme=none): any trusted certificate is accepted");
		}
	}

	private static List<X509Certificate> anchors(SslSettings settings) {
		Set<X509Certificate> anchors = new LinkedHashSet<>(settings.trustedCertificates());
		if (settings.systemTrust()) {
			anchors.addAll(systemAnchors());
		}
		return new ArrayList<>(anchors);
	}

	/** The JDK's default trust anchors (its cacerts, or javax.net.ssl.trustStore), loaded once. */
	static List<X509Certificate> systemAnchors() {
		List<X509Certificate> anchors = systemAnchors;
		if (anchors == null) {
			try {
				TrustManagerFactory factory = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init((KeyStore) null);
				List<X509Certificate> loaded = new ArrayList<>();
				for (TrustManager manager : factory.getTrustManagers()) {
					if (manager instanceof X509TrustManager x509) {
						loaded.addAll(Arrays.asList(x509.getAcceptedIssuers()));
					}
				}
				anchors = List.copyOf(loaded);
				systemAnchors = anchors;
			}
			catch (GeneralSecurityException ex) {
				throw new SslConfigurationException("trust.system-defaults",
						"the JDK's default trust store cannot be read: " + ex.getMessage(),
						"fix the JDK's cacerts or javax.net.ssl.trustStore, or set trust.system-defaults=false", ex);
			}
		}
		return anchors;
	}

	private static VerifyingTrustManager trustManager(SslSettings settings, List<X509Certificate> anchors,
			Provider provider) {
		if (!settings.verifyMode().verifies()) {
			return new VerifyingTrustManager(null, HostnameScheme.NONE, null);
		}
		if (anchors.isEmpty()) {
			throw new SslConfigurationException("trust",
					"no trust anchors: trust.system-defaults is off and no CA certificate is configured",
					"set trust.ca-file, trust.ca-path or trust.bundle, or set trust.system-defaults=true");
		}
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			int i = 0;
			for (X509Certificate anchor : anchors) {
				store.setCertificateEntry("anchor-" + i++, anchor);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
			if (settings.crls().isEmpty()) {
				factory.init(store);
			}
			else {
				PKIXBuilderParameters parameters = new PKIXBuilderParameters(store, new X509CertSelector());
				parameters.addCertStore(
						CertStore.getInstance("Collection", new CollectionCertStoreParameters(settings.crls())));
				parameters.setRevocationEnabled(true);
				factory.init(new CertPathTrustManagerParameters(parameters));
			}
			for (TrustManager manager : factory.getTrustManagers()) {
				if (manager instanceof X509ExtendedTrustManager extended) {
					X509ExtendedTrustManager chain = (settings.chainCallback() != null)
							? new CallbackTrustManager(extended, settings.chainCallback()) : extended;
					return new VerifyingTrustManager(chain, settings.hostnameScheme(), settings.verifyName());
				}
			}
			throw new IllegalStateException("The PKIX trust manager factory returned no X509ExtendedTrustManager");
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new SslConfigurationException("trust", "the trust anchors cannot be used: " + ex.getMessage(),
					"check the CA certificates and CRLs", ex);
		}
	}

	private static X509ExtendedKeyManager keyManager(Identity identity) throws GeneralSecurityException {
		if (identity == null) {
			return null;
		}
		char[] password = new char[0];
		KeyStore store = KeyStore.getInstance("PKCS12");
		try {
			store.load(null, null);
		}
		catch (java.io.IOException ex) {
			throw new GeneralSecurityException(ex);
		}
		store.setKeyEntry("identity", identity.privateKey(), password,
				identity.chain().toArray(new X509Certificate[0]));
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(store, password);
		for (KeyManager manager : factory.getKeyManagers()) {
			if (manager instanceof X509ExtendedKeyManager extended) {
				return extended;
			}
		}
		throw new GeneralSecurityException("The key manager factory returned no X509ExtendedKeyManager");
	}

	private static void configureSessions(SSLSessionContext sessions, SslSettings settings) {
		if (sessions == null) {
			return;
		}
		if (settings.sessionCacheSize() > 0) {
			sessions.setSessionCacheSize(settings.sessionCacheSize());
		}
		if (settings.sessionTimeout() != null) {
			sessions.setSessionTimeout((int) Math.min(Integer.MAX_VALUE, settings.sessionTimeout().toSeconds()));
		}
	}

	private static List<String> resolveProtocols(SslSettings settings, SSLParameters supported) {
		try {
			return ProtocolSpec.resolve(settings.protocols(), Arrays.asList(supported.getProtocols()));
		}
		catch (SpecException ex) {
			throw new SslConfigurationException("protocols", ex.getMessage(),
					"use TLSv1.2 and/or TLSv1.3, e.g. \"TLSv1.2:TLSv1.3\" or \"SSLv23:!TLSv1:!TLSv11\"", ex);
		}
	}

	private static List<String> resolveCipherSuites(SslSettings settings, SSLParameters supported,
			List<String> protocols) {
		List<String> available = Arrays.asList(supported.getCipherSuites());
		List<String> suites = new ArrayList<>();
		if (protocols.contains("TLSv1.3")) {
			try {
				suites.addAll(CipherSpec.resolveTls13(settings.tls13Ciphers(), available));
			}
			catch (SpecException ex) {
				throw new SslConfigurationException("tls13-ciphers", ex.getMessage(),
						"use IANA names such as TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256", ex);
			}
		}
		boolean legacyProtocols = protocols.stream().anyMatch((p) -> !p.equals("TLSv1.3"));
		if (legacyProtocols) {
			try {
				suites.addAll(CipherSpec.resolve(settings.ciphers(), available));
			}
			catch (SpecException ex) {
				throw new SslConfigurationException("ciphers", ex.getMessage(),
						"use an OpenSSL cipher string such as \"HIGH:!aNULL:!MD5\" or IANA suite names", ex);
			}
		}
		if (suites.isEmpty()) {
			throw new SslConfigurationException("ciphers",
					"no cipher suite is left for the enabled protocols " + protocols,
					"widen ciphers / tls13-ciphers or enable another protocol");
		}
		return List.copyOf(suites);
	}

	private static List<String> resolveNamedGroups(SslSettings settings) {
		try {
			return settings.namedGroups().stream().map(NamedGroups::normalise).distinct().toList();
		}
		catch (SpecException ex) {
			throw new SslConfigurationException("named-groups", ex.getMessage(),
					"use JSSE group names such as x25519, secp256r1, secp384r1, ffdhe2048", ex);
		}
	}

	private void applyNamedGroups(SSLParameters parameters, boolean log) {
		if (this.namedGroups.isEmpty()) {
			return;
		}
		NamedGroups.Outcome outcome;
		try {
			outcome = NamedGroups.apply(parameters, this.namedGroups);
		}
		catch (SpecException ex) {
			throw new SslConfigurationException("named-groups", ex.getMessage(),
					"use groups this JVM supports", ex);
		}
		if (log && !outcome.applied()) {
			logger.log(Level.WARNING, "TLS context '" + this.settings.name() + "': " + outcome.message());
		}
	}

	private SSLParameters parameters(boolean client) {
		SSLParameters parameters = new SSLParameters(this.cipherSuites.toArray(new String[0]),
				this.protocols.toArray(new String[0]));
		// host names are verified by the scheme inside VerifyingTrustManager, not by JSSE
		parameters.setEndpointIdentificationAlgorithm(null);
		if (!this.settings.alpn().isEmpty()) {
			parameters.setApplicationProtocols(this.settings.alpn().toArray(new String[0]));
		}
		applyNamedGroups(parameters, client);
		if (!client) {
			parameters.setUseCipherSuitesOrder(this.settings.honorCipherOrder());
			parameters.setNeedClientAuth(serverClientAuth() == ClientAuth.NEED);
			if (serverClientAuth() == ClientAuth.WANT) {
				parameters.setWantClientAuth(true);
			}
		}
		return parameters;
	}

	/** The settings this factory was built from. */
	public SslSettings settings() {
		return this.settings;
	}

	/** The context's name. */
	public String name() {
		return this.settings.name();
	}

	/** The TLS context, initialised with this factory's key and trust managers. */
	public SSLContext sslContext() {
		return this.context;
	}

	/**
	 * The TLS context for connections verified against a name given for that one connection.
	 * Client sessions are cached by host and port and a resumed handshake runs no trust manager,
	 * so such sessions live in a cache of their own: a later connection that expects the usual
	 * name (an unconnected socket, an engine) can never resume them. Same managers and settings.
	 */
	SSLContext sslContextForOtherNames() {
		SSLContext other = this.contextForOtherNames;
		if (other == null) {
			synchronized (this) {
				other = this.contextForOtherNames;
				if (other == null) {
					try {
						other = (this.provider != null) ? SSLContext.getInstance("TLS", this.provider)
								: SSLContext.getInstance("TLS");
						other.init(new KeyManager[] { this.keyManager }, new TrustManager[] { this.chainRecorder },
								new SecureRandom());
					}
					catch (GeneralSecurityException ex) {
						throw new IllegalStateException("The TLS context was built once and cannot be built again", ex);
					}
					configureSessions(other.getClientSessionContext(), this.settings);
					this.contextForOtherNames = other;
				}
			}
		}
		return other;
	}

	/**
	 * Whether this context's server sockets ask clients for a certificate: {@code client-auth},
	 * or need when the verify mode is {@link VerifyMode#FAIL_IF_NO_PEER_CERT}.
	 */
	public ClientAuth serverClientAuth() {
		return (this.settings.verifyMode() == VerifyMode.FAIL_IF_NO_PEER_CERT) ? ClientAuth.NEED
				: this.settings.clientAuth();
	}

	/** The trust manager that verifies chains and host names for this context. */
	public VerifyingTrustManager trustManager() {
		return this.trustManager;
	}

	/** The context's session caches, client and server side, and their statistics. */
	public SessionCache sessionCache() {
		return this.sessionCache;
	}

	/** Whether a peer chain was checked in that connection's latest handshake (and forgets it). */
	boolean chainChecked(Object connection) {
		return this.chainRecorder.checked(connection);
	}

	/** Forgets any chain check recorded for that connection before its next handshake. */
	void forgetChainCheck(Object connection) {
		this.chainRecorder.forget(connection);
	}

	/** The enabled protocols, resolved. */
	public List<String> protocols() {
		return this.protocols;
	}

	/** The enabled cipher suites (TLS 1.3 suites first), resolved. */
	public List<String> cipherSuites() {
		return this.cipherSuites;
	}

	/**
	 * Classifies a failure on one of this context's client sockets, with what the context saw
	 * of it (for example that the server asked for a client certificate we did not have). Use
	 * it for failures after the handshake: a TLS 1.3 server refuses a missing client
	 * certificate only on the client's first read.
	 */
	public SslConnectionException classify(SSLSocket socket, java.io.IOException failure) {
		String peer = HostNames.peer(String.valueOf(socket.getInetAddress() != null
				? socket.getInetAddress().getHostAddress() : "unconnected"), socket.getPort());
		return classify(socket, failure, peer, false);
	}

	/**
	 * Whether the server of that client socket asked for a client certificate that this context
	 * does not have. A TLS 1.3 server that requires one says so only after the handshake, on the
	 * client's first read.
	 */
	public boolean certificateRequestedButMissing(SSLSocket socket) {
		return this.keyManager.wasAskedWithoutCertificate(socket);
	}

	SslConnectionException classify(Object connection, java.io.IOException failure, String peer, boolean timedOut) {
		SslConnectionException classified = SslFailures.classify(failure, peer, timedOut);
		if (this.keyManager.askedWithoutCertificate(connection)
				&& classified.failure() != TlsFailure.CLIENT_CERTIFICATE_REQUIRED
				&& classified.failure() != TlsFailure.TIMEOUT) {
			return new SslConnectionException(TlsFailure.CLIENT_CERTIFICATE_REQUIRED, peer,
					"the server asked for a client certificate and this context has none ("
							+ classified.failure().description() + ": " + failure.getMessage() + ")",
					failure);
		}
		return classified;
	}

	/** The key-exchange groups asked for (empty: the JVM's). */
	public List<String> namedGroups() {
		return this.namedGroups;
	}

	/** How many trust anchors verify peers. */
	public int trustAnchorCount() {
		return this.trustAnchorCount;
	}

	/** A fresh copy of the parameters for client sockets (without SNI: that is per connection). */
	public SSLParameters clientParameters() {
		return copy(this.clientParameters);
	}

	/** A fresh copy of the parameters for server sockets. */
	public SSLParameters serverParameters() {
		return copy(this.serverParameters);
	}

	/**
	 * Client parameters for a connection to {@code host}: SNI is the settings' {@code sni}, or
	 * the host unless it is an IP literal; {@code ""} sends none.
	 */
	public SSLParameters clientParameters(String host, String sniOverride) {
		SSLParameters parameters = clientParameters();
		String sni = (sniOverride != null) ? sniOverride : this.settings.sni();
		if (sni == null) {
			sni = host;
		}
		if (sni != null && !sni.isEmpty() && !HostNames.isIpLiteral(sni)) {
			try {
				parameters.setServerNames(List.of(new SNIHostName(HostNames.stripTrailingDot(sni))));
			}
			catch (IllegalArgumentException ex) {
				// not a valid SNI host name (for example with an underscore): send none
				parameters.setServerNames(List.of());
			}
		}
		else {
			parameters.setServerNames(List.of());
		}
		return parameters;
	}

	/**
	 * An {@link SSLEngine} configured like this factory's sockets, for NIO users: client mode
	 * with SNI and host name verification for {@code host}, or server mode when {@code host}
	 * is {@code null}.
	 */
	public SSLEngine createEngine(String host, int port) {
		if (host == null) {
			SSLEngine engine = this.context.createSSLEngine();
			engine.setUseClientMode(false);
			engine.setSSLParameters(serverParameters());
			return engine;
		}
		SSLEngine engine = this.context.createSSLEngine(host, port);
		engine.setUseClientMode(true);
		engine.setSSLParameters(clientParameters(host, null));
		return engine;
	}

	private SSLParameters copy(SSLParameters source) {
		SSLParameters copy = new SSLParameters(source.getCipherSuites(), source.getProtocols());
		copy.setEndpointIdentificationAlgorithm(source.getEndpointIdentificationAlgorithm());
		copy.setApplicationProtocols(source.getApplicationProtocols());
		copy.setUseCipherSuitesOrder(source.getUseCipherSuitesOrder());
		if (source.getNeedClientAuth()) {
			copy.setNeedClientAuth(true);
		}
		else if (source.getWantClientAuth()) {
			copy.setWantClientAuth(true);
		}
		copy.setAlgorithmConstraints(source.getAlgorithmConstraints());
		copy.setMaximumPacketSize(source.getMaximumPacketSize());
		if (source.getServerNames() != null) {
			copy.setServerNames(source.getServerNames());
		}
		copy.setSNIMatchers(source.getSNIMatchers());
		if (this.namedGroupsPerConnection) {
			applyNamedGroups(copy, false);
		}
		return copy;
	}

}
