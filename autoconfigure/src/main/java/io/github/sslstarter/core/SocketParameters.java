package io.github.sslstarter.core;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import io.github.sslstarter.spec.CipherResolution;
import io.github.sslstarter.spec.CipherSpec;
import io.github.sslstarter.spec.NamedGroups;
import io.github.sslstarter.spec.ProtocolSpec;
import io.github.sslstarter.spec.SpecException;
import io.github.sslstarter.verify.SecurityLevel;

/**
 * The parameters every socket and engine of a context gets (the counterpart of Spring Boot's
 * {@code SslOptions}): protocols, cipher suites, named groups, ALPN, cipher order and client
 * authentication, and with identities per host name the server's SNI matcher, resolved against
 * the running JVM once. They are held in one
 * {@link SSLParameters} per side that the factory and then the customizers write into; that
 * instance is applied as a whole to every socket and engine, so whatever a customizer sets
 * reaches the connection, including fields this class knows nothing about. Only SNI is set per
 * connection.
 */
final class SocketParameters {

	private static final System.Logger logger = System.getLogger(SocketParameters.class.getName());

	private final SSLContext context;

	private final List<String> protocols;

	private final List<String> cipherSuites;

	private final List<String> namedGroups;

	private final String sni;

	// written once while the context is built, then only read (applied to sockets and engines)
	private final SSLParameters client;

	private final SSLParameters server;

	SocketParameters(SslSettings settings, SSLContext context, ClientAuth serverClientAuth,
			Consumer<SSLParameters> customizer) {
		this.context = context;
		SSLParameters supported = context.getSupportedSSLParameters();
		this.protocols = resolveProtocols(settings, supported);
		this.cipherSuites = resolveCipherSuites(settings, supported, context.getDefaultSSLParameters(), this.protocols);
		this.namedGroups = resolveNamedGroups(settings);
		this.sni = settings.sni();
		this.client = template(settings);
		this.server = template(settings);
		applyNamedGroups(this.client, settings.name(), true);
		applyNamedGroups(this.server, settings.name(), false);
		this.server.setUseCipherSuitesOrder(settings.honorCipherOrder());
		if (TlsProviders.isConscrypt(context)) {
			ConscryptServers.keepCertificate(this.server, settings, this.protocols);
			ConscryptServers.requireOneKeyTypePerName(settings);
		}
		if (serverClientAuth == ClientAuth.NEED) {
			this.server.setNeedClientAuth(true);
		}
		else if (serverClientAuth == ClientAuth.WANT) {
			this.server.setWantClientAuth(true);
		}
		SNIMatcher serverNames = IdentityChooser.serverNameMatcher(settings);
		if (serverNames != null) {
			this.server.setSNIMatchers(List.of(serverNames));
		}
		customizer.accept(this.client);
		customizer.accept(this.server);
	}

	List<String> protocols() {
		return this.protocols;
	}

	List<String> cipherSuites() {
		return this.cipherSuites;
	}

	List<String> namedGroups() {
		return this.namedGroups;
	}

	/** Applies the client parameters, without SNI (the socket's own host decides it). */
	void applyClient(SSLSocket socket) {
		socket.setSSLParameters(this.client);
	}

	/**
	 * Applies the client parameters and the SNI name for {@code host}: the {@code sniOverride},
	 * else the context's {@code sni}, else the host unless it is an IP literal; {@code ""} sends none.
	 */
	void applyClient(SSLSocket socket, String host, String sniOverride) {
		socket.setSSLParameters(this.client);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setServerNames(serverNames(host, sniOverride));
		socket.setSSLParameters(parameters);
	}

	/** As {@link #applyClient(SSLSocket, String, String)}, for an engine. */
	void applyClient(SSLEngine engine, String host, String sniOverride) {
		engine.setUseClientMode(true);
		engine.setSSLParameters(this.client);
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setServerNames(serverNames(host, sniOverride));
		engine.setSSLParameters(parameters);
	}

	void applyServer(SSLSocket socket) {
		socket.setSSLParameters(this.server);
	}

	void applyServer(SSLServerSocket socket) {
		socket.setSSLParameters(this.server);
	}

	void applyServer(SSLEngine engine) {
		engine.setUseClientMode(false);
		engine.setSSLParameters(this.server);
	}

	/** A fresh, complete copy of one side's parameters, made by JSSE itself. */
	SSLParameters copy(boolean client) {
		SSLEngine scratch = this.context.createSSLEngine();
		scratch.setUseClientMode(client);
		scratch.setSSLParameters(client ? this.client : this.server);
		SSLParameters copy = scratch.getSSLParameters();
		if (client) {
			copy.setServerNames(List.of());
		}
		return copy;
	}

	/** A copy of the client parameters with the SNI name for {@code host}. */
	SSLParameters copy(String host, String sniOverride) {
		SSLParameters copy = copy(true);
		copy.setServerNames(serverNames(host, sniOverride));
		return copy;
	}

	private List<SNIServerName> serverNames(String host, String sniOverride) {
		String name = (sniOverride != null) ? sniOverride : (this.sni != null) ? this.sni : host;
		if (name == null || name.isEmpty() || HostNames.isIpLiteral(name)) {
			return List.of();
		}
		try {
			return List.of(new SNIHostName(HostNames.stripTrailingDot(name)));
		}
		catch (IllegalArgumentException ex) {
			// not a valid SNI host name (for example with an underscore): send none
			return List.of();
		}
	}

	private SSLParameters template(SslSettings settings) {
		SSLParameters parameters = new SSLParameters(this.cipherSuites.toArray(new String[0]),
				this.protocols.toArray(new String[0]));
		// host names are verified by the scheme inside VerifyingTrustManager, not by JSSE
		parameters.setEndpointIdentificationAlgorithm(null);
		if (!settings.alpn().isEmpty()) {
			parameters.setApplicationProtocols(settings.alpn().toArray(new String[0]));
		}
		return parameters;
	}

	private void applyNamedGroups(SSLParameters parameters, String context, boolean log) {
		if (this.namedGroups.isEmpty()) {
			return;
		}
		NamedGroups.Outcome outcome;
		try {
			outcome = NamedGroups.apply(parameters, this.namedGroups);
		}
		catch (SpecException ex) {
			throw new SslConfigurationException("named-groups", ex.getMessage(), "use groups this JVM supports", ex);
		}
		if (log && !outcome.applied()) {
			logger.log(Level.WARNING, "TLS context '" + context + "': " + outcome.message());
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
			SSLParameters providerDefaults, List<String> protocols) {
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
			List<String> legacy;
			try {
				CipherResolution resolution = CipherSpec.resolution(settings.ciphers(), available,
						Arrays.asList(providerDefaults.getCipherSuites()));
				// the built-in default is written for every JVM: what it removes may not exist on this one
				if (!resolution.unmatched().isEmpty() && settings.ciphers() != null) {
					logger.log(Level.INFO, "TLS context '" + settings.name() + "': cipher string elements "
							+ String.join(", ", resolution.unmatched())
							+ " match no cipher suite this JVM supports and add nothing");
				}
				legacy = resolution.suites();
			}
			catch (SpecException ex) {
				throw new SslConfigurationException("ciphers", ex.getMessage(),
						"use an OpenSSL cipher string such as \"HIGH:!aNULL:!MD5\" or IANA suite names", ex);
			}
			suites.addAll(atSecurityLevel(settings, legacy, available));
		}
		if (suites.isEmpty()) {
			throw new SslConfigurationException("ciphers",
					"no cipher suite is left for the enabled protocols " + protocols,
					"widen ciphers / tls13-ciphers or enable another protocol");
		}
		return List.copyOf(suites);
	}

	/**
	 * The suites the security level lets through, as if the cipher string ended in
	 * {@code @SECLEVEL=n}: the level and {@code @SECLEVEL} are one setting. A string that has its
	 * own {@code @SECLEVEL} was filtered by it already; a blank one stands for a default list of
	 * its own and is left as it is.
	 */
	private static List<String> atSecurityLevel(SslSettings settings, List<String> suites, List<String> available) {
		String ciphers = settings.ciphers();
		if (settings.securityLevel() == 0 || (ciphers != null && ciphers.isBlank())
				|| SecurityLevel.ofCipherString(ciphers).isPresent()) {
			return suites;
		}
		String leveled = ((ciphers != null) ? ciphers.trim() : CipherSpec.DEFAULT_CIPHERS) + ":@SECLEVEL="
				+ settings.securityLevel();
		List<String> allowed;
		try {
			allowed = CipherSpec.resolve(leveled, available);
		}
		catch (SpecException ex) {
			throw new SslConfigurationException("ciphers",
					"at security level " + settings.securityLevel() + " the cipher string leaves no cipher suite: "
							+ ex.getMessage(),
					"widen ciphers, or lower security-level", ex);
		}
		return suites.stream().filter(allowed::contains).toList();
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

}
