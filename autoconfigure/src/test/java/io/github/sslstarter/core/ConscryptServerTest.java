package io.github.sslstarter.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code provider: conscrypt} for server contexts, with {@code openssl s_client} as the client:
 * TLS 1.2 and TLS 1.3-only servers (ECDSA and RSA identities), client authentication want and
 * need (and a Conscrypt client presenting its certificate), ALPN, session resumption, the
 * plain-text trap and an upgrade with read-ahead bytes. The test JVM runs without
 * {@code --add-opens java.base/java.net}, which Conscrypt's own server sockets would need.
 */
class ConscryptServerTest {

	private static final TestCertificate ca = TestCertificate.authority("Conscrypt Server CA");

	private static final TestCertificate ecdsa = TestCertificate.builder().localhost().signedBy(ca).build();

	private static final TestCertificate rsa = TestCertificate.builder()
		.localhost()
		.keyType(KeyType.RSA_2048)
		.signedBy(ca)
		.build();

	private static final TestCertificate client = TestCertificate.builder()
		.commonName("client.example")
		.signedBy(ca)
		.build();

	@TempDir
	static Path dir;

	@BeforeAll
	static void files() {
		ExternalTool.openssl().require();
		ca.writeCertificate(dir.resolve("ca.pem"));
		client.writeTo(dir, "client");
	}

	@Test
	void theTestJvmDoesNotOpenJavaNetToConscrypt() {
		assertThat(Object.class.getModule().isOpen("java.net", Conscrypt.class.getModule())).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3", "TLSv1.2:TLSv1.3" })
	void servesEcdsaWithEveryProtocol(String protocols) throws Exception {
		try (Server server = new Server(settings(protocols, ecdsa).build())) {
			String output = sClient(server.port(), "");
			String expected = protocols.endsWith("TLSv1.3") ? "TLSv1.3" : "TLSv1.2";
			assertThat(output).contains("New, " + expected).contains("Verify return code: 0 (ok)").contains("hello");
			assertThat(server.nextOutcome()).isEqualTo(expected);
			assertThat(server.factory.contextFactory().sslContext().getProvider().getName()).isEqualTo("Conscrypt");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void servesRsa(String protocols) throws Exception {
		try (Server server = new Server(settings(protocols, rsa).build())) {
			assertThat(sClient(server.port(), "")).contains("New, " + protocols)
				.contains("Peer signature type: RSA")
				.contains("hello");
			assertThat(server.nextOutcome()).isEqualTo(protocols);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void wantClientAuthTakesACertificateAndGoesOnWithout(String protocols) throws Exception {
		try (Server server = new Server(settings(protocols, ecdsa).clientAuth(ClientAuth.WANT).build())) {
			String output = sClient(server.port(), "-cert client.pem -key client-key.pem");
			assertThat(output).contains("Acceptable client certificate CA names").contains("hello");
			assertThat(server.nextOutcome()).isEqualTo(protocols + " CN=client.example");
			assertThat(sClient(server.port(), "")).contains("hello");
			assertThat(server.nextOutcome()).isEqualTo(protocols);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void needClientAuthRefusesAClientWithoutCertificate(String protocols) throws Exception {
		try (Server server = new Server(settings(protocols, ecdsa).clientAuth(ClientAuth.NEED).build())) {
			assertThat(sClient(server.port(), "-cert client.pem -key client-key.pem")).contains("hello");
			assertThat(server.nextOutcome()).isEqualTo(protocols + " CN=client.example");
			assertThat(sClient(server.port(), "")).doesNotContain("hello");
			assertThat(server.nextOutcome()).isEqualTo("failed CLIENT_CERTIFICATE_REQUIRED");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void aConscryptClientPresentsItsCertificateToAConscryptServer(String protocols) throws Exception {
		SslSocketFactory conscryptClient = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("conscrypt-client")
			.provider("conscrypt")
			.protocols(protocols)
			.identity(identity(client))
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.build()));
		try (Server server = new Server(settings(protocols, ecdsa).clientAuth(ClientAuth.NEED).build());
				SSLSocket socket = conscryptClient.connect("localhost", server.port())) {
			assertThat(socket.getInputStream().read()).isEqualTo('h');
			assertThat(server.nextOutcome()).isEqualTo(protocols + " CN=client.example");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void refusesAClientCertificateItDoesNotTrust(String protocols, @TempDir Path other) throws Exception {
		TestCertificate.PemFiles stranger = TestCertificate.builder()
			.commonName("stranger.example")
			.signedBy(TestCertificate.authority("Stranger CA"))
			.build()
			.writeTo(other, "stranger");
		try (Server server = new Server(settings(protocols, ecdsa).clientAuth(ClientAuth.WANT).build())) {
			assertThat(sClient(server.port(), "-cert " + stranger.chain() + " -key " + stranger.privateKey()))
				.doesNotContain("hello");
			assertThat(server.nextOutcome()).isEqualTo("failed UNTRUSTED_ISSUER");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void negotiatesAlpn(String protocols) throws Exception {
		try (Server server = new Server(settings(protocols, ecdsa).alpn(List.of("h2", "http/1.1")).build())) {
			assertThat(sClient(server.port(), "-alpn http/1.1,spdy/3")).contains("ALPN protocol: http/1.1");
			assertThat(server.nextOutcome()).isEqualTo(protocols + " alpn=http/1.1");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void resumesSessions(String protocols) throws Exception {
		try (Server server = new Server(settings(protocols, ecdsa).build())) {
			assertThat(sClient(server.port(), "-sess_out session.pem")).contains("New, " + protocols);
			assertThat(server.nextOutcome()).isEqualTo(protocols);
			assertThat(sClient(server.port(), "-sess_in session.pem")).contains("Reused, " + protocols);
			assertThat(server.nextOutcome()).isEqualTo(protocols + " resumed");
		}
	}

	@Test
	void trapsAPlainTextClientAndServesTls() throws Exception {
		SslServerSocketFactory factory = new SslServerSocketFactory(
				new SslContextFactory(settings("TLSv1.2:TLSv1.3", ecdsa).build()));
		PlaintextTrap trap = (socket, first) -> socket.getOutputStream()
			.write("HTTP/1.0 400 Bad Request\r\n\r\nuse https\r\n".getBytes(StandardCharsets.US_ASCII));
		try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
			BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();
			Thread thread = new Thread(() -> {
				for (int i = 0; i < 2; i++) {
					try (Socket plain = listener.accept()) {
						SSLSocket tls = factory.accept(plain, trap);
						if (tls == null) {
							outcomes.add("trapped");
							continue;
						}
						try (tls) {
							tls.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
							outcomes.add(tls.getSession().getProtocol());
						}
					}
					catch (IOException | RuntimeException ex) {
						outcomes.add("failed " + ex);
					}
				}
			}, "conscrypt-trap");
			thread.setDaemon(true);
			thread.start();
			try (Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), listener.getLocalPort())) {
				plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(new String(plain.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
					.startsWith("HTTP/1.0 400");
			}
			assertThat(outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("trapped");
			assertThat(sClient(listener.getLocalPort(), "")).contains("New, TLSv1.3").contains("hello");
			assertThat(outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("TLSv1.3");
		}
	}

	@Test
	void upgradesAPlainSocketWhoseFirstByteWasRead() throws Exception {
		SslServerSocketFactory factory = new SslServerSocketFactory(
				new SslContextFactory(settings("TLSv1.3", ecdsa).build()));
		try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
			BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();
			Thread thread = new Thread(() -> {
				try (Socket plain = listener.accept()) {
					byte[] first = { (byte) plain.getInputStream().read() };
					try (SSLSocket tls = factory.upgrade(plain, new java.io.ByteArrayInputStream(first), true)) {
						tls.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
						outcomes.add(tls.getSession().getProtocol());
					}
				}
				catch (IOException | RuntimeException ex) {
					outcomes.add("failed " + ex);
				}
			}, "conscrypt-upgrade");
			thread.setDaemon(true);
			thread.start();
			assertThat(sClient(listener.getLocalPort(), "")).contains("New, TLSv1.3").contains("hello");
			assertThat(outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("TLSv1.3");
		}
	}

	private static SslSettings.Builder settings(String protocols, TestCertificate identity) {
		return SslSettings.builder()
			.name("conscrypt-server")
			.provider("conscrypt")
			.protocols(protocols)
			.identity(identity(identity))
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(10));
	}

	private static String sClient(int port, String arguments) {
		return ExternalTool.named("sh")
			.in(dir)
			.timeout(Duration.ofSeconds(20))
			.run("-c", "openssl s_client -connect 127.0.0.1:" + port
					+ " -CAfile ca.pem -servername localhost -verify_return_error -ign_eof " + arguments + " </dev/null")
			.output();
	}

	/** Accepts connections through the factory's handshake, says "hello" and notes each outcome. */
	private static final class Server implements AutoCloseable {

		private final SslServerSocketFactory factory;

		private final ServerSocket listener;

		private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

		private final List<HandshakeEvent> events = new ArrayList<>();

		Server(SslSettings settings) throws IOException {
			this.factory = new SslServerSocketFactory(new SslContextFactory(settings), (event) -> {
				synchronized (this.events) {
					this.events.add(event);
				}
			});
			this.listener = this.factory.createServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
			Thread thread = new Thread(this::serve, "conscrypt-server");
			thread.setDaemon(true);
			thread.start();
		}

		private void serve() {
			for (int i = 0; i < 10; i++) {
				try (SSLSocket accepted = this.factory.handshake((SSLSocket) this.listener.accept())) {
					StringBuilder outcome = new StringBuilder(accepted.getSession().getProtocol());
					if (lastEvent().resumed()) {
						outcome.append(" resumed");
					}
					String alpn = accepted.getApplicationProtocol();
					if (alpn != null && !alpn.isEmpty()) {
						outcome.append(" alpn=").append(alpn);
					}
					try {
						Certificate[] chain = accepted.getSession().getPeerCertificates();
						outcome.append(' ').append(((X509Certificate) chain[0]).getSubjectX500Principal().getName());
					}
					catch (SSLPeerUnverifiedException ex) {
						// no client certificate
					}
					accepted.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
					accepted.getOutputStream().flush();
					this.outcomes.add(outcome.toString());
				}
				catch (SslConnectionException ex) {
					this.outcomes.add("failed " + ex.failure());
				}
				catch (IOException | RuntimeException ex) {
					if (this.listener.isClosed()) {
						return;
					}
					this.outcomes.add("failed " + ex);
				}
			}
		}

		private HandshakeEvent lastEvent() {
			synchronized (this.events) {
				return this.events.get(this.events.size() - 1);
			}
		}

		int port() {
			return this.listener.getLocalPort();
		}

		String nextOutcome() throws InterruptedException {
			return this.outcomes.poll(10, TimeUnit.SECONDS);
		}

		@Override
		public void close() throws IOException {
			this.listener.close();
		}

	}

}
