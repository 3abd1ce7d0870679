package io.github.sslstarter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.starttls.StartTls;
import io.github.sslstarter.testing.TestPki;
import io.github.sslstarter.testing.TestPki.Ca;

/**
 * The PKI and contexts the peer health tests share: one CA, a client context trusting it, and
 * server identities that are good, expiring, expired or for the wrong name.
 */
final class TlsPeerFixtures {

	static final Ca CA = TestPki.ca("Peer Health CA");

	static final Ca OTHER_CA = TestPki.ca("Unknown CA");

	static final SslContextFactory CLIENT = new SslContextFactory(SslSettings.builder()
		.name("client")
		.trustedCertificates(List.of(CA.certificate()))
		.trustSystemDefaults(false)
		.handshakeTimeout(Duration.ofSeconds(5))
		.connectTimeout(Duration.ofSeconds(2))
		.build());

	private TlsPeerFixtures() {
	}

	static SslContextFactory server(Identity identity) {
		return new SslContextFactory(SslSettings.builder().name("server").identity(identity).build());
	}

	static SslContextFactory goodServer() {
		return server(CA.localhost());
	}

	static SslContextFactory expiringServer(Duration left) {
		return server(CA.issue("expiring.localhost", List.of("localhost"), List.of("127.0.0.1"),
				Instant.now().minus(Duration.ofDays(80)), Instant.now().plus(left)));
	}

	static SslContextFactory expiredServer() {
		return server(CA.issue("expired.localhost", List.of("localhost"), List.of("127.0.0.1"),
				Instant.now().minus(Duration.ofDays(90)), Instant.now().minus(Duration.ofDays(1))));
	}

	static SslContextFactory wrongNameServer() {
		return server(CA.issue("other.example", List.of("other.example"), List.of()));
	}

	static SslContextFactory untrustedServer() {
		return server(OTHER_CA.localhost());
	}

	static TlsPeer peer(String name, int port) {
		return peer(name, "127.0.0.1", port, null);
	}

	static TlsPeer peer(String name, String host, int port, StartTls startTls) {
		return new TlsPeer(name, host, port, "client", startTls, null, null, Duration.ofDays(14));
	}

	static TlsPeerCheck check(TlsPeer peer, Duration timeout) {
		return new TlsPeerCheck(peer, new SslSocketFactory(CLIENT), timeout, TlsPeerChecks.newWatchdog());
	}

	static TlsPeerChecks checks(Duration cacheTtl, int threads, Duration timeout, TlsPeer... peers) {
		var watchdog = TlsPeerChecks.newWatchdog();
		List<TlsPeerCheck> checks = java.util.Arrays.stream(peers)
			.map((peer) -> new TlsPeerCheck(peer, new SslSocketFactory(CLIENT), timeout, watchdog))
			.toList();
		return new TlsPeerChecks(checks, cacheTtl, threads, watchdog);
	}

}
