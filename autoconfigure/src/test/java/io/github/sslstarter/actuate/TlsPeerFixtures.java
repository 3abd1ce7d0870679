package io.github.sslstarter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.starttls.StartTls;
import io.github.sslstarter.test.TestCertificate;

import static io.github.sslstarter.testing.Identities.identity;

/**
 * The PKI and contexts the peer health tests share: one CA, a client context trusting it, and
 * server identities that are good, expiring, expired or for the wrong name.
 */
final class TlsPeerFixtures {

	static final TestCertificate CA = TestCertificate.authority("Peer Health CA");

	static final TestCertificate OTHER_CA = TestCertificate.authority("Unknown CA");

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

	/** A new identity for localhost, 127.0.0.1 and ::1 from the CA. */
	static Identity localhost() {
		return identity(TestCertificate.builder().localhost().signedBy(CA).build());
	}

	static SslContextFactory goodServer() {
		return server(localhost());
	}

	static SslContextFactory expiringServer(Duration left) {
		return server(identity(TestCertificate.builder()
			.commonName("expiring.localhost")
			.dnsNames("localhost")
			.ipAddresses("127.0.0.1")
			.validity(Instant.now().minus(Duration.ofDays(80)), Instant.now().plus(left))
			.signedBy(CA)
			.build()));
	}

	static SslContextFactory expiredServer() {
		return server(identity(TestCertificate.builder()
			.commonName("expired.localhost")
			.dnsNames("localhost")
			.ipAddresses("127.0.0.1")
			.validity(Instant.now().minus(Duration.ofDays(90)), Instant.now().minus(Duration.ofDays(1)))
			.signedBy(CA)
			.build()));
	}

	static SslContextFactory wrongNameServer() {
		return server(identity(
				TestCertificate.builder().commonName("other.example").dnsNames("other.example").signedBy(CA).build()));
	}

	static SslContextFactory untrustedServer() {
		return server(identity(TestCertificate.builder().localhost().signedBy(OTHER_CA).build()));
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
