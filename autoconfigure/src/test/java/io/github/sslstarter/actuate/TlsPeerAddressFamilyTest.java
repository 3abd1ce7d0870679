package io.github.sslstarter.actuate;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.core.AddressFamily;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A health check connects the way the context's own sockets do: it tries only the addresses
 * the context's {@code address-family} allows.
 */
class TlsPeerAddressFamilyTest {

	private static TlsPeerResult check(AddressFamily family, int port) {
		SslContextFactory client = new SslContextFactory(
				TlsPeerFixtures.CLIENT.settings().toBuilder().addressFamily(family).build());
		TlsPeer peer = new TlsPeer("family", "localhost", port, "client", null, null, null, Duration.ofDays(14));
		return new TlsPeerCheck(peer, new SslSocketFactory(client), Duration.ofSeconds(5),
				TlsPeerChecks.newWatchdog()).run();
	}

	@Test
	void aPeerCheckHonoursTheContextsAddressFamily() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(TlsPeerFixtures.goodServer(), "127.0.0.1")) {
			TlsPeerResult ipv4 = check(AddressFamily.IPV4, server.port());
			assertThat(ipv4.succeeded()).as(ipv4.toString()).isTrue();
			TlsPeerResult ipv6 = check(AddressFamily.IPV6, server.port());
			assertThat(ipv6.succeeded()).isFalse();
			assertThat(ipv6.failure()).isEqualTo(TlsFailure.CONNECT_FAILED.tag());
			assertThat(ipv6.message()).contains("127.0.0.1: skipped (address-family IPV6)");
			assertThat(List.of(ipv4.checkTime(), ipv6.checkTime())).allMatch((took) -> took.toSeconds() < 5);
		}
	}

}
