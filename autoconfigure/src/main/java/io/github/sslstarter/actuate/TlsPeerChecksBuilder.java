package io.github.sslstarter.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.sslstarter.autoconfigure.NoSuchSslContextException;
import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.starttls.StartTls;
import io.github.sslstarter.verify.HostnameScheme;

/**
 * Resolves {@code ssl.health.*} against the application's TLS contexts, failing at startup on
 * anything a check could not do: a missing host or port, a duplicate name, an unknown context,
 * STARTTLS protocol or hostname scheme.
 */
final class TlsPeerChecksBuilder {

	private final TlsPeerHealthProperties properties;

	private final SslContexts contexts;

	// one derived context per (context, scheme) override, built once at startup
	private final Map<String, SslSocketFactory> overridden = new HashMap<>();

	TlsPeerChecksBuilder(TlsPeerHealthProperties properties, SslContexts contexts) {
		this.properties = properties;
		this.contexts = contexts;
	}

	TlsPeerChecks build() {
		requirePositive(this.properties.timeout(), "ssl.health.timeout");
		requirePositive(this.properties.cacheTtl(), "ssl.health.cache-ttl");
		notNegative(this.properties.expiryWarningThreshold(), "ssl.health.expiry-warning-threshold");
		if (this.properties.expiringStatus() == null || this.properties.expiringStatus().isBlank()) {
			throw new SslConfigurationException("ssl.health.expiring-status", "the status is blank",
					"set a health status such as UP (the default), WARNING or DOWN");
		}
		if (this.properties.threads() < 1) {
			throw new SslConfigurationException("ssl.health.threads", "must be at least 1",
					"set a positive number of threads");
		}
		ScheduledThreadPoolExecutor watchdog = TlsPeerChecks.newWatchdog();
		List<TlsPeerCheck> checks = new ArrayList<>();
		Set<String> names = new HashSet<>();
		List<TlsPeerHealthProperties.Peer> peers = this.properties.peers();
		for (int i = 0; i < peers.size(); i++) {
			TlsPeer peer = resolve(peers.get(i), "ssl.health.peers[" + i + "]");
			if (!names.add(peer.name())) {
				throw new SslConfigurationException("ssl.health.peers[" + i + "].name",
						"the name '" + peer.name() + "' is used by another peer", "give every peer its own name");
			}
			checks.add(new TlsPeerCheck(peer, socketFactory(peer, "ssl.health.peers[" + i + "]"),
					this.properties.timeout(), watchdog));
		}
		return new TlsPeerChecks(checks, this.properties.cacheTtl(), this.properties.threads(), watchdog);
	}

	private TlsPeer resolve(TlsPeerHealthProperties.Peer peer, String property) {
		if (peer.host() == null || peer.host().isBlank()) {
			throw new SslConfigurationException(property + ".host", "no host is set", "set the peer's host");
		}
		if (peer.port() == null || peer.port() < 1 || peer.port() > 65535) {
			throw new SslConfigurationException(property + ".port",
					(peer.port() == null) ? "no port is set" : "port " + peer.port() + " is out of range",
					"set the peer's port (1-65535)");
		}
		String target = new TlsPeer("", peer.host(), peer.port(), "", null, null, null, Duration.ZERO).target();
		String name = (peer.name() != null && !peer.name().isBlank()) ? peer.name() : target;
		if (name.contains("/")) {
			throw new SslConfigurationException(property + ".name", "'" + name + "' contains a '/'",
					"name the peer without '/' (health component names cannot contain it)");
		}
		String context = (peer.context() != null && !peer.context().isBlank()) ? peer.context() : SslSettings.PRIMARY;
		if (!this.contexts.names().contains(context)) {
			throw new NoSuchSslContextException(context, property + ".context", this.contexts.names());
		}
		StartTls startTls = null;
		if (peer.startTls() != null && !peer.startTls().isBlank() && !peer.startTls().equalsIgnoreCase("none")) {
			try {
				startTls = StartTls.of(peer.startTls());
			}
			catch (IllegalArgumentException ex) {
				throw new SslConfigurationException(property + ".start-tls", ex.getMessage(),
						"use smtp, imap, pop3, ftp, ldap, postgres or xmpp, or leave it unset for implicit TLS", ex);
			}
		}
		Duration threshold = (peer.expiryWarningThreshold() != null)
				? notNegative(peer.expiryWarningThreshold(), property + ".expiry-warning-threshold")
				: this.properties.expiryWarningThreshold();
		String scheme = (peer.scheme() != null && !peer.scheme().isBlank()) ? peer.scheme() : null;
		return new TlsPeer(name, peer.host(), peer.port(), context, startTls, scheme, peer.verifyName(), threshold);
	}

	private static Duration notNegative(Duration duration, String property) {
		if (duration.isNegative()) {
			throw new SslConfigurationException(property, "the duration " + duration + " is negative",
					"give how long before expiry a certificate is reported as expiring, such as 14d, or 0 for never");
		}
		return duration;
	}

	private SslSocketFactory socketFactory(TlsPeer peer, String property) {
		SslSocketFactory base = this.contexts.socketFactory(peer.context());
		if (peer.scheme() == null) {
			return base;
		}
		HostnameScheme scheme;
		try {
			scheme = HostnameScheme.named(peer.scheme());
		}
		catch (IllegalArgumentException ex) {
			throw new SslConfigurationException(property + ".scheme", ex.getMessage(),
					"use one of the hostname scheme names (default, http, ldap, smtp, ...)", ex);
		}
		if (scheme.equals(base.contextFactory().settings().verifyScheme())) {
			return base;
		}
		return this.overridden.computeIfAbsent(peer.context() + "\u0000" + scheme.name(),
				(key) -> this.contexts.variant(peer.context(), (settings) -> settings.verifyScheme(scheme)));
	}

	private static void requirePositive(Duration duration, String property) {
		if (duration == null || duration.isZero() || duration.isNegative()) {
			throw new SslConfigurationException(property, "must be a positive duration", "set it to e.g. 10s");
		}
	}

}
