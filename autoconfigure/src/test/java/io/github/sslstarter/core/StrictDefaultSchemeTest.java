package io.github.sslstarter.core;

import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.testing.TestTlsServer;
import io.github.sslstarter.verify.HostnameScheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With no scheme configured, host names are checked by the strict modern rule; IO::Socket::SSL's
 * lenient {@code default} is there by name.
 */
class StrictDefaultSchemeTest {

	private static final TestCertificate ca = TestCertificate.authority("Strict CA");

	private static SslSettings.Builder client() {
		return SslSettings.builder().trustedCertificates(List.of(ca.certificate())).trustSystemDefaults(false);
	}

	private static TestTlsServer server(String commonName, List<String> dnsNames, List<String> ips) throws Exception {
		return TestTlsServer.start(new SslContextFactory(
				SslSettings.builder().name("server").identity(Identities.identity(TestCertificate.builder().commonName(commonName).dnsNames(dnsNames.toArray(String[]::new)).ipAddresses(ips.toArray(String[]::new)).signedBy(ca).build())).build()),
				"127.0.0.1");
	}

	@Test
	void theUnconfiguredSchemeIsStrict() {
		assertThat(SslSettings.builder().build().verifyScheme()).isSameAs(HostnameScheme.STRICT);
	}

	@Test
	void aCommonNameBesideOtherDnsNamesIsNotEnoughByDefault() throws Exception {
		// a certificate for other.example whose CN says localhost
		try (TestTlsServer server = server("localhost", List.of("other.example"), List.of())) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> new SslSocketFactory(new SslContextFactory(client().build())).connect("localhost",
						server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH))
				.withMessageContaining("other.example");
			SslContextFactory lenient = new SslContextFactory(client().verifyScheme(HostnameScheme.DEFAULT).build());
			try (SSLSocket socket = new SslSocketFactory(lenient).connect("localhost", server.port())) {
				assertThat(lenient.ledger().verifiedName(socket)).isEqualTo("localhost");
			}
		}
	}

	@Test
	void aPartialWildcardMatchesNothingByDefault() throws Exception {
		try (TestTlsServer server = server("w*.example.org", List.of("w*.example.org"), List.of())) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> new SslSocketFactory(new SslContextFactory(client().build())).connect("127.0.0.1",
						server.port(), null, "www.example.org"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
			SslContextFactory lenient = new SslContextFactory(client().verifyScheme(HostnameScheme.DEFAULT).build());
			new SslSocketFactory(lenient).connect("127.0.0.1", server.port(), null, "www.example.org").close();
		}
	}

	@Test
	void aCommonNameAloneAndAWholeLabelWildcardStillMatch() throws Exception {
		SslSocketFactory strict = new SslSocketFactory(new SslContextFactory(client().build()));
		try (TestTlsServer cnOnly = server("cn.example", List.of(), List.of());
				TestTlsServer wildcard = server("wildcard", List.of("*.example.org"), List.of())) {
			strict.connect("127.0.0.1", cnOnly.port(), null, "cn.example").close();
			strict.connect("127.0.0.1", wildcard.port(), null, "www.example.org").close();
		}
	}

	@Test
	void anIpAddressNeverMatchesTheCommonNameByDefault() throws Exception {
		try (TestTlsServer server = server("127.0.0.1", List.of(), List.of())) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> new SslSocketFactory(new SslContextFactory(client().build())).connect("127.0.0.1",
						server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
			new SslSocketFactory(new SslContextFactory(client().verifyScheme(HostnameScheme.DEFAULT).build()))
				.connect("127.0.0.1", server.port())
				.close();
		}
	}

}
