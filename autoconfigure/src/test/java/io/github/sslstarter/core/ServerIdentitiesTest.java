package io.github.sslstarter.core;

import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A server context with several identities serves each JSSE client, socket or engine, the
 * certificate of the name it sends (exact, then wildcard, then the default) and of a key type it
 * supports; and startup refuses identities that cannot be told apart.
 */
class ServerIdentitiesTest {

	private static final TestCertificate ca = TestCertificate.authority("Identities CA");

	private static final TestCertificate defaultRsa = leaf(KeyType.RSA_2048, "localhost");

	private static final TestCertificate defaultEc = leaf(KeyType.EC_P256, "localhost");

	private static final TestCertificate aRsa = leaf(KeyType.RSA_2048, "a.test");

	private static final TestCertificate aEc = leaf(KeyType.EC_P256, "a.test");

	private static final TestCertificate b = leaf(KeyType.EC_P256, "b.test");

	private static final TestCertificate wildcard = leaf(KeyType.EC_P256, "*.w.test");

	private static final TestCertificate exactUnderWildcard = leaf(KeyType.EC_P256, "exact.w.test");

	private static SslContextFactory server;

	private static TestTlsServer tls;

	private static TestCertificate leaf(KeyType type, String name) {
		return TestCertificate.builder().commonName(name).dnsNames(name).keyType(type).signedBy(ca).build();
	}

	static SslSettings.Builder identities() {
		return SslSettings.builder()
			.name("identities")
			.identity(identity(defaultRsa))
			.identities(List.of(HostIdentity.of(identity(aRsa), "a.test"), HostIdentity.of(identity(aEc), "A.test."),
					HostIdentity.of(identity(b), "b.test"), HostIdentity.of(identity(wildcard), "*.w.test"),
					HostIdentity.of(identity(exactUnderWildcard), "exact.w.test"), HostIdentity.of(identity(defaultEc))));
	}

	@BeforeAll
	static void start() throws Exception {
		server = new SslContextFactory(identities().build());
		tls = TestTlsServer.start(server);
	}

	@AfterAll
	static void stop() {
		tls.close();
	}

	private static SslContextFactory client(String protocols, String ciphers) {
		return new SslContextFactory(SslSettings.builder()
			.name("client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.protocols(protocols)
			.ciphers(ciphers)
			.build());
	}

	private static X509Certificate served(SslContextFactory client, String sni, String verifyName) throws Exception {
		try (SSLSocket socket = new SslSocketFactory(client).connect("127.0.0.1", tls.port(), sni, verifyName)) {
			Certificate[] chain = socket.getSession().getPeerCertificates();
			return (X509Certificate) chain[0];
		}
	}

	@Test
	void servesTheIdentityOfTheNameTheClientSends() throws Exception {
		SslContextFactory client = client(null, null);
		assertThat(served(client, "b.test", "b.test")).isEqualTo(b.certificate());
		assertThat(served(client, "B.TEST", "b.test")).isEqualTo(b.certificate());
		assertThat(served(client, "exact.w.test", "exact.w.test")).isEqualTo(exactUnderWildcard.certificate());
		assertThat(served(client, "x.w.test", "x.w.test")).isEqualTo(wildcard.certificate());
	}

	@Test
	void givesTheDefaultToClientsSendingNoOrAnUnknownName() throws Exception {
		SslContextFactory client = client(null, null);
		// a wildcard covers one label only: w.test and y.x.w.test are unknown names
		for (String sni : new String[] { "", "c.test", "w.test", "y.x.w.test" }) {
			assertThat(served(client, sni, "localhost").getSubjectX500Principal().getName()).as(sni)
				.isEqualTo("CN=localhost");
		}
	}

	@Test
	void choosesTheKeyTypeTheClientSupportsWithinAName() throws Exception {
		SslContextFactory rsaOnly = client("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256");
		SslContextFactory ecdsaOnly = client("TLSv1.2", "ECDHE-ECDSA-AES128-GCM-SHA256");
		assertThat(served(rsaOnly, "a.test", "a.test")).isEqualTo(aRsa.certificate());
		assertThat(served(ecdsaOnly, "a.test", "a.test")).isEqualTo(aEc.certificate());
		// the defaults hold an RSA and an EC certificate as well
		assertThat(served(rsaOnly, "", "localhost")).isEqualTo(defaultRsa.certificate());
		assertThat(served(ecdsaOnly, "", "localhost")).isEqualTo(defaultEc.certificate());
	}

	@Test
	void aNameWithoutTheClientsKeyTypeFailsRatherThanServingAnotherName() {
		SslContextFactory rsaOnly = client("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256");
		// b.test has only an EC certificate: JSSE finds no key for the RSA suite and says handshake_failure
		assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> served(rsaOnly, "b.test", "b.test"))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.NO_SHARED_CIPHER));
	}

	@Test
	void enginesChooseAsSocketsDo() throws Exception {
		SslContextFactory client = client(null, null);
		for (String[] expectation : new String[][] { { "b.test", "b.test" }, { "x.w.test", "*.w.test" },
				{ "unknown.test", "localhost" } }) {
			SSLEngine serverEngine = server.createEngine(null, 0);
			SSLEngine clientEngine = client.createEngine(expectation[0], 443);
			if (expectation[1].equals("localhost")) {
				clientEngine = client.createEngine("localhost", 443);
				javax.net.ssl.SSLParameters parameters = clientEngine.getSSLParameters();
				parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(expectation[0])));
				clientEngine.setSSLParameters(parameters);
			}
			handshake(clientEngine, serverEngine);
			X509Certificate local = (X509Certificate) serverEngine.getSession().getLocalCertificates()[0];
			assertThat(local.getSubjectX500Principal().getName()).as(expectation[0])
				.isEqualTo("CN=" + expectation[1]);
			assertThat(clientEngine.getSession().getPeerCertificates()[0]).isEqualTo(local);
		}
	}

	@Test
	void sniRequiredRefusesAnUnknownNameWithUnrecognizedName() throws Exception {
		SslContextFactory strict = new SslContextFactory(identities().sniRequired(true).build());
		try (TestTlsServer strictServer = TestTlsServer.start(strict)) {
			SslSocketFactory client = new SslSocketFactory(client(null, null));
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client.connect("127.0.0.1", strictServer.port(), "unknown.test", "localhost")
					.close())
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.UNRECOGNIZED_NAME))
				.satisfies((ex) -> assertThat(causes(ex)).contains("unrecognized_name"));
			try (SSLSocket socket = client.connect("127.0.0.1", strictServer.port(), "x.w.test", "x.w.test")) {
				assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(wildcard.certificate());
			}
			// a client that sends no name is not refused by the matcher: it gets the default
			try (SSLSocket socket = client.connect("127.0.0.1", strictServer.port(), "", "localhost")) {
				assertThat(((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
					.getName()).isEqualTo("CN=localhost");
			}
		}
	}

	@Test
	void refusesTwoIdentitiesOfOneKeyTypeForOneName() {
		TestCertificate other = leaf(KeyType.EC_P256, "b.test");
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(SslSettings.builder()
				.identities(List.of(new HostIdentity("ssl.identities[0]", List.of("a.test", "b.test"), identity(b)),
						new HostIdentity("ssl.identities[1]", List.of("c.test", "B.test"), identity(other))))
				.build()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("ssl.identities[1].host-names[1]"))
			.withMessageContaining("'b.test' is claimed by ssl.identities[0].host-names[1] and"
					+ " ssl.identities[1].host-names[1], both with an EC key");
	}

	@Test
	void refusesTwoDefaultsOfOneKeyType() {
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(SslSettings.builder()
				.identity(identity(defaultEc))
				.identities(List.of(HostIdentity.of(identity(b), "b.test"), HostIdentity.of(identity(aEc))))
				.build()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("identities[1]"))
			.withMessageContaining("identity and identities[1] are both defaults (no host-names) with an EC key");
	}

	@Test
	void refusesHostNamesSniCannotCarry() {
		for (String[] bad : new String[][] { { "a*.test", "wildcard" }, { "*.*.test", "wildcard" },
				{ "127.0.0.1", "IP address" }, { "under_score.test", "not a valid SNI host name" },
				{ " ", "empty" } }) {
			assertThatExceptionOfType(SslConfigurationException.class).as(bad[0])
				.isThrownBy(() -> new SslContextFactory(SslSettings.builder()
					.identities(List.of(HostIdentity.of(identity(b), "b.test", bad[0])))
					.build()))
				.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("identities[0].host-names[1]"))
				.withMessageContaining(bad[1]);
		}
	}

	@Test
	void refusesSniRequiredWithoutHostNames() {
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(
					SslSettings.builder().identity(identity(defaultEc)).sniRequired(true).build()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("sni-required"));
	}

	@Test
	void checksEachIdentityAgainstTheSecurityLevel() {
		TestCertificate weak = leaf(KeyType.RSA_1024, "weak.test");
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(SslSettings.builder()
				.identity(identity(defaultEc))
				.identities(List.of(new HostIdentity("ssl.identities[0]", List.of("weak.test"), identity(weak))))
				.build()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("ssl.identities[0]"))
			.withMessageContaining("1024");
	}

	@Test
	void presentsTheDefaultsAsAClient() throws Exception {
		SslContextFactory mutual = new SslContextFactory(SslSettings.builder()
			.name("mutual")
			.identity(identity(defaultRsa))
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.clientAuth(ClientAuth.NEED)
			.build());
		try (TestTlsServer mutualServer = TestTlsServer.start(mutual)) {
			SslContextFactory client = new SslContextFactory(identities().trustedCertificates(List.of(ca.certificate()))
				.trustSystemDefaults(false)
				.build());
			try (SSLSocket socket = new SslSocketFactory(client).connect("127.0.0.1", mutualServer.port(), "",
					"localhost")) {
				socket.getOutputStream().write("hi\n".getBytes());
				socket.getOutputStream().flush();
				assertThat(socket.getInputStream().read()).isEqualTo('h');
				// a client presents one of its defaults, never a certificate it serves to a host name
				assertThat(socket.getSession().getLocalCertificates()[0]).isIn(defaultRsa.certificate(),
						defaultEc.certificate());
			}
		}
	}

	private static String causes(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			text.append(cause).append('\n');
		}
		return text.toString();
	}

	// drives two engines against each other in memory, in at most 200 steps
	private static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
		ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
		ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
		client.beginHandshake();
		server.beginHandshake();
		for (int i = 0; i < 200; i++) {
			if (notHandshaking(client) && notHandshaking(server)) {
				return;
			}
			step(client, toServer, toClient);
			step(server, toClient, toServer);
		}
		throw new AssertionError("the engines did not finish their handshake: " + client.getHandshakeStatus() + "/"
				+ server.getHandshakeStatus());
	}

	private static boolean notHandshaking(SSLEngine engine) {
		HandshakeStatus status = engine.getHandshakeStatus();
		return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
	}

	private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in) throws SSLException {
		ByteBuffer application = ByteBuffer.allocate(1 << 17);
		switch (engine.getHandshakeStatus()) {
			case NEED_TASK -> {
				Runnable task;
				while ((task = engine.getDelegatedTask()) != null) {
					task.run();
				}
			}
			case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), out);
			case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
				in.flip();
				engine.unwrap(in, application);
				in.compact();
			}
			default -> {
			}
		}
	}

}
