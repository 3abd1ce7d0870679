package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link SslContextFactory#replaceMaterial}: new key and trust material behind the same
 * {@code SSLContext}, used by every later handshake of every object built from it, over real
 * loopback TLS; open connections and failed replacements keep theirs.
 */
class MaterialReloadTest {

	private static final TestCertificate firstCa = TestCertificate.authority("Reload CA 1");

	private static final TestCertificate secondCa = TestCertificate.authority("Reload CA 2");

	private static final TestCertificate first = TestCertificate.builder().localhost().commonName("first")
		.signedBy(firstCa).build();

	private static final TestCertificate second = TestCertificate.builder().localhost().commonName("second")
		.signedBy(firstCa).build();

	private static final TestCertificate fromSecondCa = TestCertificate.builder().localhost().commonName("other")
		.signedBy(secondCa).build();

	private static SslSettings server(TestCertificate certificate) {
		return SslSettings.builder().name("server").identity(identity(certificate)).trustSystemDefaults(false)
			.trustedCertificates(List.of(firstCa.certificate())).build();
	}

	private static SslSettings client(TestCertificate... anchors) {
		return SslSettings.builder().name("client").trustSystemDefaults(false)
			.trustedCertificates(java.util.Arrays.stream(anchors).map(TestCertificate::certificate).toList()).build();
	}

	private static String peer(SSLSocket socket) throws Exception {
		return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
	}

	@Test
	void aNewIdentityIsPresentedByTheSameServerSocketAndAnOpenConnectionKeepsWorking() throws Exception {
		SslContextFactory serverContext = new SslContextFactory(server(first));
		SslSocketFactory clients = new SslSocketFactory(new SslContextFactory(client(firstCa)));
		try (TestTlsServer tls = TestTlsServer.start(serverContext); SSLSocket open = clients.connect("localhost", tls.port())) {
			assertThat(peer(open)).isEqualTo("CN=first");
			MaterialChange change = serverContext.replaceMaterial(server(second));
			assertThat(change.identityChanged()).isTrue();
			assertThat(change.trustChanged()).isFalse();
			try (SSLSocket later = clients.connect("localhost", tls.port())) {
				assertThat(peer(later)).isEqualTo("CN=second");
			}
			// the connection made before the reload still speaks, with its own certificate
			PrintWriter out = new PrintWriter(open.getOutputStream(), true, StandardCharsets.UTF_8);
			BufferedReader in = new BufferedReader(new InputStreamReader(open.getInputStream(), StandardCharsets.UTF_8));
			out.println("still here");
			assertThat(in.readLine()).isEqualTo("still here");
			assertThat(peer(open)).isEqualTo("CN=first");
			assertThat(TlsReload.fingerprintOf(serverContext)).isEqualTo(MaterialChange.fingerprint(second.certificate()))
				.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
		}
	}

	@Test
	void newTrustReachesTheFactorysSslContextAndItsEnginesWithoutARebuild() throws Exception {
		SslContextFactory clientContext = new SslContextFactory(client(firstCa));
		SslSocketFactory clients = new SslSocketFactory(clientContext);
		// handed out before the reload: the JDK's own socket factory of the context
		javax.net.ssl.SSLSocketFactory plain = clientContext.sslContext().getSocketFactory();
		try (TestTlsServer tls = TestTlsServer.start(new SslContextFactory(server(fromSecondCa)))) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> clients.connect("localhost", tls.port()).close())
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER));
			MaterialChange change = clientContext.replaceMaterial(client(firstCa, secondCa));
			assertThat(change.trustChanged()).isTrue();
			assertThat(clientContext.trustAnchorCount()).isEqualTo(2);
			try (SSLSocket socket = clients.connect("localhost", tls.port())) {
				assertThat(peer(socket)).isEqualTo("CN=other");
			}
			try (SSLSocket socket = (SSLSocket) plain.createSocket("localhost", tls.port())) {
				socket.startHandshake();
				assertThat(peer(socket)).isEqualTo("CN=other");
			}
		}
	}

	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void cachedSessionsAreDroppedWhenTheMaterialChanges(String protocol) throws Exception {
		SslContextFactory clientContext = new SslContextFactory(client(firstCa).toBuilder().protocols(protocol).build());
		SslSocketFactory clients = new SslSocketFactory(clientContext);
		SslContextFactory serverContext = new SslContextFactory(server(first).toBuilder().protocols(protocol).build());
		try (TestTlsServer tls = TestTlsServer.start(serverContext)) {
			exchange(clients, tls.port());
			assertThat(exchange(clients, tls.port())).as("resumed before the reload").isTrue();
			// a trust change drops the client's sessions: the next handshake is verified in full
			MaterialChange change = clientContext.replaceMaterial(
					client(firstCa, secondCa).toBuilder().protocols(protocol).build());
			assertThat(change.sessionsInvalidated()).isPositive();
			assertThat(exchange(clients, tls.port())).as("resumed after a trust change").isFalse();
			assertThat(exchange(clients, tls.port())).as("resumed again").isTrue();
		}
	}

	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void aClientTheNewTrustRefusesCannotResumeItsTicket(String protocol) throws Exception {
		TestCertificate clientCertificate = TestCertificate.builder().commonName("client").signedBy(firstCa).build();
		SslSettings serverSettings = server(first).toBuilder().protocols(protocol).clientAuth(ClientAuth.NEED).build();
		SslContextFactory serverContext = new SslContextFactory(serverSettings);
		SslServerSocketFactory servers = new SslServerSocketFactory(serverContext);
		SslSocketFactory clients = new SslSocketFactory(new SslContextFactory(
				client(firstCa).toBuilder().protocols(protocol).identity(identity(clientCertificate)).build()));
		java.util.concurrent.BlockingQueue<Object> outcomes = new java.util.concurrent.LinkedBlockingQueue<>();
		try (java.net.ServerSocket listener = servers.createServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
			Thread acceptor = new Thread(() -> {
				for (int i = 0; i < 3; i++) {
					try (SSLSocket accepted = servers.handshake((SSLSocket) listener.accept())) {
						BufferedReader in = new BufferedReader(
								new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8));
						new PrintWriter(accepted.getOutputStream(), true, StandardCharsets.UTF_8).println(in.readLine());
						outcomes.add("ok");
					}
					catch (Exception ex) {
						outcomes.add(ex);
					}
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			exchange(clients, listener.getLocalPort());
			assertThat(exchange(clients, listener.getLocalPort())).as("resumed before the reload").isTrue();
			assertThat(outcomes.take()).isEqualTo("ok");
			assertThat(outcomes.take()).isEqualTo("ok");
			// the server now trusts only the second CA: the ticket the client holds (which no server
			// cache has, to drop) must not let it in
			serverContext.replaceMaterial(
					serverSettings.toBuilder().trustedCertificates(List.of(secondCa.certificate())).build());
			try {
				exchange(clients, listener.getLocalPort());
			}
			catch (Exception | AssertionError ex) {
				// the client learns it as a closed connection
			}
			Object refused = outcomes.poll(10, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(refused).isInstanceOf(SslConnectionException.class);
			assertThat(((SslConnectionException) refused).failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER);
		}
	}

	@Test
	void aNewClientSeesTheNewIdentityAtOnce() throws Exception {
		SslContextFactory serverContext = new SslContextFactory(server(first));
		try (TestTlsServer tls = TestTlsServer.start(serverContext)) {
			exchange(new SslSocketFactory(new SslContextFactory(client(firstCa))), tls.port());
			serverContext.replaceMaterial(server(second));
			try (SSLSocket socket = new SslSocketFactory(new SslContextFactory(client(firstCa))).connect("localhost",
					tls.port())) {
				assertThat(peer(socket)).isEqualTo("CN=second");
			}
		}
	}

	/** Connects, exchanges a line (which lets JSSE take a TLS 1.3 ticket), says whether it resumed. */
	private static boolean exchange(SslSocketFactory clients, int port) throws Exception {
		try (SSLSocket socket = clients.connect("localhost", port)) {
			PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
			out.println("ping");
			assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine()).isEqualTo("ping");
			return clients.reused(socket);
		}
	}

	@Test
	void materialThatCannotBeUsedChangesNothing() throws Exception {
		SslContextFactory serverContext = new SslContextFactory(server(first));
		TestCertificate weak = TestCertificate.builder().localhost().keyType(KeyType.RSA_1024).signedBy(firstCa)
			.build();
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> serverContext.replaceMaterial(server(weak)))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("identity"));
		SslSocketFactory clients = new SslSocketFactory(new SslContextFactory(client(firstCa)));
		try (TestTlsServer tls = TestTlsServer.start(serverContext); SSLSocket socket = clients.connect("localhost", tls.port())) {
			assertThat(peer(socket)).isEqualTo("CN=first");
			assertThat(serverContext.settings().identity().certificate()).isEqualTo(first.certificate());
		}
	}

	@Test
	void theSameMaterialAgainIsNoChangeAndKeepsTheSessions() throws Exception {
		SslContextFactory serverContext = new SslContextFactory(server(first));
		MaterialChange change = serverContext.replaceMaterial(server(first));
		assertThat(change.changed()).isFalse();
		assertThat(change.sessionsInvalidated()).isZero();
	}

}
