package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestCrl;
import io.github.sslstarter.testing.TestTlsServer;
import io.github.sslstarter.testing.TestTlsServer.Mode;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SslSocketFactoryTest {

	private static final TestCertificate ca = TestCertificate.authority("Socket Test CA");

	private static final TestCertificate otherCa = TestCertificate.authority("Unknown CA");

	private static final Identity localhost = identity(TestCertificate.builder().localhost().signedBy(ca).build());

	private static final Identity untrusted = identity(
			TestCertificate.builder().localhost().signedBy(otherCa).build());

	private static SslContextFactory server(Identity identity) {
		return new SslContextFactory(SslSettings.builder().name("server").identity(identity).build());
	}

	private static SslContextFactory mutualTlsServer() {
		return new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(localhost)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.clientAuth(ClientAuth.NEED)
			.build());
	}

	private static SslSettings.Builder client() {
		return SslSettings.builder()
			.name("client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(5));
	}

	private static SslSocketFactory factory(SslSettings.Builder settings) {
		return new SslSocketFactory(new SslContextFactory(settings.build()));
	}

	private static String echo(Socket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	@Test
	void connectsVerifiesAndExchangesData() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(server(localhost));
				SSLSocket socket = factory(client()).connect("localhost", server.port())) {
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
			assertThat(socket.getTcpNoDelay()).isTrue();
			assertThat(echo(socket, "hello")).isEqualTo("hello");
		}
	}

	@Test
	void sendsTheHostNameAsSni() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(server(localhost));
				Socket socket = factory(client()).createSocket("localhost", server.port())) {
			echo(socket, "x");
			assertThat(server.serverNames()).containsExactly(List.of(new SNIHostName("localhost")));
		}
	}

	@Test
	void sendsNoSniForAnIpLiteralAndVerifiesTheIpAddress() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(server(localhost));
				Socket socket = factory(client()).createSocket("127.0.0.1", server.port())) {
			echo(socket, "x");
			assertThat(server.serverNames()).containsExactly(List.of());
		}
	}

	@Test
	void sendsTheConfiguredSniAndNoneWhenEmpty() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(server(localhost))) {
			try (Socket socket = factory(client().sni("other.example")).createSocket("localhost", server.port())) {
				echo(socket, "x");
			}
			try (Socket socket = factory(client().sni("")).createSocket("localhost", server.port())) {
				echo(socket, "x");
			}
			assertThat(server.serverNames()).containsExactly(List.of(new SNIHostName("other.example")), List.of());
		}
	}

	@Test
	void connectsToAnIpv6LoopbackPeer() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(server(localhost), "::1");
				Socket socket = factory(client()).createSocket("::1", server.port())) {
			assertThat(socket.getInetAddress()).isEqualTo(InetAddress.getByName("::1"));
			assertThat(echo(socket, "six")).isEqualTo("six");
		}
	}

	@Test
	void triesOnlyTheConfiguredAddressFamily() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(server(localhost), "::1")) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client().addressFamily(AddressFamily.IPV4)).connect("::1", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.CONNECT_FAILED))
				.withMessageContaining("skipped (address-family IPV4)");
			try (Socket socket = factory(client().addressFamily(AddressFamily.IPV6)).createSocket("::1",
					server.port())) {
				assertThat(echo(socket, "v6")).isEqualTo("v6");
			}
		}
	}

	@Test
	void refusesAnUntrustedIssuerNamingIt() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(server(untrusted))) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client()).connect("localhost", server.port()))
				.satisfies((ex) -> {
					assertThat(ex.failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER);
					assertThat(ex.peer()).isEqualTo("localhost:" + server.port());
				})
				.withMessageContaining("CN=Unknown CA")
				.withMessageContaining("Action: trust the issuer");
		}
	}

	@Test
	void refusesAnExpiredCertificateWithItsDates() throws Exception {
		Identity expired = identity(TestCertificate.builder()
			.commonName("localhost")
			.dnsNames("localhost")
			// a validity that ended on that date; it began before it (the builder refuses an inverted one)
			.validity(Instant.parse("2025-12-03T03:04:05Z"), Instant.parse("2026-01-02T03:04:05Z"))
			.signedBy(ca)
			.build());
		try (TestTlsServer server = TestTlsServer.start(server(expired))) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client()).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.EXPIRED))
				.withMessageContaining("expired on 2026-01-02T03:04:05Z");
		}
	}

	@Test
	void refusesACertificateNotYetValid() throws Exception {
		Identity early = identity(TestCertificate.builder()
			.commonName("localhost")
			.dnsNames("localhost")
			.validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(10)))
			.signedBy(ca)
			.build());
		try (TestTlsServer server = TestTlsServer.start(server(early))) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client()).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.NOT_YET_VALID));
		}
	}

	@Test
	void refusesAHostnameMismatchNamingTheCertificatesNames() throws Exception {
		Identity other = identity(TestCertificate.builder()
			.commonName("www.example.org")
			.dnsNames("www.example.org")
			.signedBy(ca)
			.build());
		try (TestTlsServer server = TestTlsServer.start(server(other))) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client()).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH))
				.withMessageContaining("www.example.org");
		}
	}

	@Test
	void verifiesTheConfiguredNameInsteadOfTheHost() throws Exception {
		Identity other = identity(TestCertificate.builder()
			.commonName("www.example.org")
			.dnsNames("www.example.org")
			.signedBy(ca)
			.build());
		try (TestTlsServer server = TestTlsServer.start(server(other));
				Socket socket = factory(client().verifyName("www.example.org")).createSocket("localhost",
						server.port())) {
			assertThat(echo(socket, "named")).isEqualTo("named");
		}
	}

	@Test
	void refusesARevokedCertificateAndAcceptsOneTheCrlDoesNotList() throws Exception {
		Identity revoked = identity(TestCertificate.builder().localhost().signedBy(ca).build());
		Identity good = identity(TestCertificate.builder().localhost().signedBy(ca).build());
		SslSocketFactory checking = factory(
				client().crls(List.of(TestCrl.builder(ca).revoke(revoked.certificate()).build().crl())));
		try (TestTlsServer server = TestTlsServer.start(server(revoked))) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> checking.connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOKED))
				.withMessageContaining("CN=localhost");
		}
		try (TestTlsServer server = TestTlsServer.start(server(good));
				Socket socket = checking.connect("localhost", server.port())) {
			assertThat(echo(socket, "fine")).isEqualTo("fine");
		}
	}

	@Test
	void aChainWithoutACrlHasAnUnknownRevocationStatus() throws Exception {
		SslSocketFactory checking = factory(
				client().trustedCertificates(List.of(ca.certificate(), otherCa.certificate()))
					.crls(List.of(TestCrl.builder(ca).build().crl())));
		try (TestTlsServer server = TestTlsServer.start(server(untrusted))) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> checking.connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOCATION_UNKNOWN))
				.withMessageContaining("CN=Unknown CA");
		}
	}

	@Test
	void acceptsAnythingWhenVerificationIsOff() throws Exception {
		try (TestTlsServer server = TestTlsServer
			.start(server(identity(TestCertificate.builder().commonName("elsewhere").signedBy(otherCa).build())));
				Socket socket = factory(client().verifyMode(VerifyMode.NONE)).createSocket("localhost",
						server.port())) {
			assertThat(echo(socket, "insecure")).isEqualTo("insecure");
		}
	}

	@Test
	void mutualTlsWithAClientCertificate() throws Exception {
		SslContextFactory serverContext = mutualTlsServer();
		try (TestTlsServer server = TestTlsServer.start(serverContext);
				SSLSocket socket = factory(
						client().identity(identity(TestCertificate.builder().commonName("client").signedBy(ca).build())))
					.connect("localhost", server.port())) {
			assertThat(echo(socket, "mutual")).isEqualTo("mutual");
			assertThat(socket.getSession().getLocalCertificates()).hasSize(2);
		}
	}

	@Test
	void mutualTlsWithoutAClientCertificateIsClassifiedOnTls12Handshake() throws Exception {
		SslContextFactory serverContext = mutualTlsServer();
		try (TestTlsServer server = TestTlsServer.start(serverContext)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client().protocols("TLSv1.2")).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED));
		}
	}

	@Test
	void mutualTlsWithoutAClientCertificateIsClassifiedOnTls13FirstRead() throws Exception {
		SslContextFactory serverContext = mutualTlsServer();
		SslSocketFactory factory = factory(client());
		try (TestTlsServer server = TestTlsServer.start(serverContext);
				SSLSocket socket = factory.connect("localhost", server.port())) {
			// in TLS 1.3 the client's handshake ends before the server looks at its certificate
			IOException failure = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
					() -> echo(socket, "x"));
			assertThat(factory.contextFactory().classify(socket, failure).failure())
				.isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED);
		}
	}

	@Test
	void aServerWhoseVerifyModeIsFailIfNoPeerCertRequiresAClientCertificate() throws Exception {
		SslContextFactory serverContext = new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(localhost)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.verifyMode(VerifyMode.FAIL_IF_NO_PEER_CERT)
			.build());
		assertThat(serverContext.serverClientAuth()).isEqualTo(ClientAuth.NEED);
		try (TestTlsServer server = TestTlsServer.start(serverContext)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client().protocols("TLSv1.2")).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED));
		}
	}

	@Test
	void refusesClientAuthWithoutVerification() {
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(SslSettings.builder()
				.name("server")
				.identity(localhost)
				.verifyMode(VerifyMode.NONE)
				.clientAuth(ClientAuth.NEED)
				.build()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("client-auth"))
			.withMessageContaining("any client certificate would be accepted");
	}

	@Test
	void aStalledPeerHitsTheHandshakeTimeout() throws Exception {
		try (TestTlsServer server = TestTlsServer.misbehaving(Mode.STALL)) {
			long start = System.nanoTime();
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client().handshakeTimeout(Duration.ofMillis(500))).connect("127.0.0.1",
						server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}
	}

	@Test
	void aTricklingPeerCannotOutlastTheHandshakeTimeout() throws Exception {
		try (TestTlsServer server = TestTlsServer.misbehaving(Mode.TRICKLE)) {
			long start = System.nanoTime();
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client().handshakeTimeout(Duration.ofMillis(800))).connect("127.0.0.1",
						server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		}
	}

	@Test
	void aPlainTextPeerIsRecognised() throws Exception {
		try (TestTlsServer server = TestTlsServer.misbehaving(Mode.PLAIN)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client()).connect("127.0.0.1", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.PLAINTEXT_PEER));
		}
	}

	@Test
	void aPeerClosingAtOnceIsRecognised() throws Exception {
		try (TestTlsServer server = TestTlsServer.misbehaving(Mode.CLOSE)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client()).connect("127.0.0.1", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.PEER_CLOSED));
		}
	}

	@Test
	void aProtocolMismatchIsRecognised() throws Exception {
		SslContextFactory serverContext = new SslContextFactory(
				SslSettings.builder().name("server").identity(localhost).protocols("TLSv1.3").build());
		try (TestTlsServer server = TestTlsServer.start(serverContext)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client().protocols("TLSv1.2")).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.PROTOCOL_VERSION));
		}
	}

	@Test
	void aCipherMismatchIsRecognised() throws Exception {
		SslContextFactory serverContext = new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(localhost)
			.protocols("TLSv1.2")
			.ciphers("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
			.build());
		try (TestTlsServer server = TestTlsServer.start(serverContext)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory(client().protocols("TLSv1.2").ciphers("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
					.connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.NO_SHARED_CIPHER));
		}
	}

	@Test
	void aServerHonoursItsOwnCipherOrderUnlessToldNotTo() throws Exception {
		String first = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
		String second = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
		SslSettings.Builder server = SslSettings.builder()
			.name("server")
			.identity(localhost)
			.protocols("TLSv1.2")
			.ciphers(first + ":" + second);
		SslSocketFactory client = factory(client().protocols("TLSv1.2").ciphers(second + ":" + first));
		try (TestTlsServer honouring = TestTlsServer.start(new SslContextFactory(server.build()));
				SSLSocket socket = client.connect("localhost", honouring.port())) {
			assertThat(socket.getSession().getCipherSuite()).isEqualTo(first);
		}
		try (TestTlsServer following = TestTlsServer
			.start(new SslContextFactory(server.honorCipherOrder(false).build()));
				SSLSocket socket = client.connect("localhost", following.port())) {
			assertThat(socket.getSession().getCipherSuite()).isEqualTo(second);
		}
	}

	@Test
	void aClosedPortIsAConnectFailure() throws Exception {
		int port;
		try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			port = probe.getLocalPort();
		}
		int closed = port;
		assertThatExceptionOfType(SslConnectionException.class)
			.isThrownBy(() -> factory(client()).connect("127.0.0.1", closed))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.CONNECT_FAILED))
			.withMessageContaining("127.0.0.1");
	}

	@Test
	void upgradesAConnectedPlainSocket() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(server(localhost))) {
			Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), server.port());
			try (SSLSocket socket = factory(client()).upgrade(plain, "localhost", server.port(), true)) {
				assertThat(echo(socket, "upgraded")).isEqualTo("upgraded");
			}
			assertThat(plain.isClosed()).isTrue();
		}
	}

	@Test
	void reportsEveryHandshakeToTheListener() throws Exception {
		List<HandshakeEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (TestTlsServer server = TestTlsServer.start(server(localhost))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client().build()), events::add);
			factory.connect("localhost", server.port()).close();
			try (TestTlsServer bad = TestTlsServer.misbehaving(Mode.CLOSE)) {
				assertThatExceptionOfType(SslConnectionException.class)
					.isThrownBy(() -> factory.connect("127.0.0.1", bad.port()));
			}
		}
		assertThat(events).hasSize(2);
		assertThat(events.get(0).succeeded()).isTrue();
		assertThat(events.get(0).protocol()).isEqualTo("TLSv1.3");
		assertThat(events.get(0).context()).isEqualTo("client");
		assertThat(events.get(1).failure()).isEqualTo(TlsFailure.PEER_CLOSED);
	}

}
