package io.github.sslstarter.actuate;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLSessionContext;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import io.github.sslstarter.autoconfigure.NoSuchSslContextException;
import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;

/**
 * The {@code tls} actuator endpoint: every TLS context as resolved at startup (protocols and
 * cipher suites, hostname scheme, trust anchors, our certificate chains (the identity and every
 * further identity with its host names) with their expiry, session
 * cache, provider) and the last result of every configured peer. {@code /actuator/tls/{name}}
 * shows one context. Public facts only: no password, no private key, ever.
 */
@Endpoint(id = "tls")
public class TlsEndpoint {

	private final SslContexts contexts;

	private final TlsPeerChecks checks;

	private final Clock clock;

	/**
	 * An endpoint over these contexts and peers.
	 * @param contexts the application's TLS contexts
	 * @param checks the peer checks, or {@code null} when no peer is configured
	 */
	public TlsEndpoint(SslContexts contexts, TlsPeerChecks checks) {
		this(contexts, checks, Clock.systemUTC());
	}

	TlsEndpoint(SslContexts contexts, TlsPeerChecks checks, Clock clock) {
		this.contexts = contexts;
		this.checks = checks;
		this.clock = clock;
	}

	/** Every context and every peer. */
	@ReadOperation
	public TlsReport report() {
		Instant now = this.clock.instant();
		Map<String, Map<String, Object>> contexts = new LinkedHashMap<>();
		for (String name : this.contexts.names()) {
			contexts.put(name, describe(this.contexts.contextFactory(name), now));
		}
		Map<String, Map<String, Object>> peers = new LinkedHashMap<>();
		if (this.checks != null) {
			this.checks.snapshot().forEach((peer, result) -> peers.put(peer.name(), describe(peer, result, now)));
		}
		return new TlsReport(contexts, peers);
	}

	/** One context; {@code null} (404) for an unknown name. */
	@ReadOperation
	public Map<String, Object> context(@Selector String name) {
		try {
			return describe(this.contexts.contextFactory(name), this.clock.instant());
		}
		catch (NoSuchSslContextException ex) {
			return null;
		}
	}

	private Map<String, Object> describe(SslContextFactory factory, Instant now) {
		SslSettings settings = factory.settings();
		Map<String, Object> context = new LinkedHashMap<>();
		java.security.Provider provider = factory.sslContext().getProvider();
		context.put("provider", provider.getName() + " " + provider.getVersionStr());
		context.put("protocols", factory.protocols());
		context.put("cipherSuites", factory.cipherSuites());
		if (!factory.namedGroups().isEmpty()) {
			context.put("namedGroups", factory.namedGroups());
		}
		if (!settings.alpn().isEmpty()) {
			context.put("alpn", settings.alpn());
		}
		context.put("verifyMode", settings.verifyMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		context.put("verifyScheme", settings.verifyScheme().name());
		putIfSet(context, "verifyName", settings.verifyName());
		putIfSet(context, "sni", settings.sni());
		context.put("clientAuth", settings.clientAuth().name().toLowerCase(java.util.Locale.ROOT));
		context.put("trust", trust(factory, settings));
		context.put("identity", (settings.identity() != null) ? settings.identity()
			.chain()
			.stream()
			.map((certificate) -> CertificateDescription.of(certificate).toMap(now))
			.toList() : null);
		context.put("fingerprint", io.github.sslstarter.core.TlsReload.fingerprintOf(factory));
		context.put("reload", reload(factory, this.contexts.watcher(factory.name())));
		if (!settings.identities().isEmpty()) {
			context.put("identities", settings.identities().stream().map((host) -> identity(host, now)).toList());
		}
		if (settings.sniRequired()) {
			context.put("sniRequired", true);
		}
		context.put("timeouts", Map.of("connect", text(settings.connectTimeout()), "handshake",
				text(settings.handshakeTimeout()), "read", text(settings.readTimeout())));
		Map<String, Object> sessions = new LinkedHashMap<>();
		sessions.put("client", sessions(factory, io.github.sslstarter.session.SessionSide.CLIENT,
				factory.sslContext().getClientSessionContext()));
		sessions.put("server", sessions(factory, io.github.sslstarter.session.SessionSide.SERVER,
				factory.sslContext().getServerSessionContext()));
		context.put("sessionCache", sessions);
		return context;
	}

	// what is watched and how the last reload went: the reason of a failure, never a file's content
	private static Map<String, Object> reload(SslContextFactory factory, io.github.sslstarter.core.MaterialWatcher watcher) {
		Map<String, Object> reload = new LinkedHashMap<>();
		reload.put("watching", watcher != null);
		if (watcher != null) {
			reload.put("interval", text(watcher.interval()));
			reload.put("quietPeriod", text(watcher.quietPeriod()));
			reload.put("files", watcher.paths().stream().map(String::valueOf).toList());
		}
		io.github.sslstarter.core.TlsReload last = factory.lastReload();
		if (last != null) {
			Map<String, Object> lastReload = new LinkedHashMap<>();
			lastReload.put("time", last.time().toString());
			lastReload.put("outcome", last.outcome());
			lastReload.put("sources", last.sources());
			if (last.problem() != null) {
				lastReload.put("problem", last.problem());
			}
			reload.put("last", lastReload);
		}
		return reload;
	}

	// a further identity: where it is configured, the names it serves, its key type and chain
	private static Map<String, Object> identity(io.github.sslstarter.core.HostIdentity host, Instant now) {
		Map<String, Object> description = new LinkedHashMap<>();
		putIfSet(description, "property", host.source());
		description.put("hostNames", host.hostNames().isEmpty() ? "default" : host.hostNames());
		description.put("keyType", host.identity().certificate().getPublicKey().getAlgorithm());
		description.put("chain", host.identity()
			.chain()
			.stream()
			.map((certificate) -> CertificateDescription.of(certificate).toMap(now))
			.toList());
		return description;
	}

	private static Map<String, Object> trust(SslContextFactory factory, SslSettings settings) {
		Map<String, Object> trust = new LinkedHashMap<>();
		trust.put("anchors", factory.trustAnchorCount());
		trust.put("systemDefaults", settings.trustSystemDefaults());
		// the configured anchors by name; the JDK's own (a hundred or so) only by count
		trust.put("configuredAnchors", settings.trustedCertificates()
			.stream()
			.map(X509Certificate::getSubjectX500Principal)
			.map(javax.security.auth.x500.X500Principal::getName)
			.toList());
		if (!settings.crls().isEmpty()) {
			trust.put("crls", settings.crls().size());
		}
		if (!settings.trustPins().isEmpty()) {
			trust.put("pins", settings.trustPins().written());
			trust.put("pinsReplaceChain", settings.trustPinsReplaceChain());
		}
		Map<String, Object> ocsp = new LinkedHashMap<>();
		io.github.sslstarter.core.VerifyingTrustManager trustManager = factory.trustManager();
		ocsp.put("mode", trustManager.ocspMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		if (trustManager.ocspMode() == io.github.sslstarter.core.OcspMode.FULL_CHAIN) {
			ocsp.put("timeout", text(settings.trustOcspTimeout()));
		}
		ocsp.put("revocationUnknown", settings.trustRevocationUnknown().name().toLowerCase(java.util.Locale.ROOT));
		ocsp.put("unknownAccepted", trustManager.ocspUnknownAccepted());
		trust.put("ocsp", ocsp);
		return trust;
	}

	private static Map<String, Object> sessions(SslContextFactory factory, io.github.sslstarter.session.SessionSide side,
			SSLSessionContext sessions) {
		Map<String, Object> description = new LinkedHashMap<>();
		if (sessions == null) {
			description.put("supported", false);
			return description;
		}
		io.github.sslstarter.session.SessionStatistics statistics = factory.sessionCache().statistics(side);
		description.put("cached", statistics.size());
		description.put("size", sessions.getSessionCacheSize());
		description.put("timeoutSeconds", sessions.getSessionTimeout());
		description.put("hits", statistics.hits());
		description.put("misses", statistics.misses());
		description.put("evictions", statistics.evictions());
		description.put("invalidations", statistics.invalidations());
		return description;
	}

	private static Map<String, Object> describe(TlsPeer peer, TlsPeerResult result, Instant now) {
		Map<String, Object> description = new LinkedHashMap<>();
		if (result == null) {
			description.put("status", "UNKNOWN");
			description.put("reason", "first check pending");
			description.put("target", peer.target());
			description.put("context", peer.context());
			return description;
		}
		// an expiring chain is UP with a warning, as in the health report by default
		description.put("status", result.succeeded() ? "UP" : "DOWN");
		description.putAll(result.details(now));
		return description;
	}

	private static void putIfSet(Map<String, Object> map, String key, String value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private static String text(Duration duration) {
		return (duration == null || duration.isZero()) ? "none" : duration.toMillis() + "ms";
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param contexts every context by name, the primary first
	 * @param peers the last result of every configured peer by name
	 */
	public record TlsReport(Map<String, Map<String, Object>> contexts,
			Map<String, Map<String, Object>> peers) implements OperationResponseBody {

	}

}
