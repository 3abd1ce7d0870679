package io.github.sslstarter.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;

import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code ssl.identities} on a {@code provider: conscrypt} server context, with
 * {@code openssl s_client} and our JSSE client as clients, on TLS 1.2 and TLS 1.3-only servers:
 * each SNI name gets its certificate (an RSA one and ECDSA ones side by side), no name and an
 * unknown one the default, {@code sni-required} refuses an unknown name (classified
 * {@code UNRECOGNIZED_NAME} by the server), through {@code handshake(accepted)},
 * {@code upgrade(plain, …)} and {@code accept(plain, trap)}; a name with identities of two key
 * types is refused at startup; and no session is resumed under another name. The test JVM runs
 * without {@code --add-opens java.base/java.net}.
 */
class ConscryptSniTest {

	private static final TestCertificate ca = TestCertificate.authority("Conscrypt SNI CA");

	private static final TestCertificate fallback = leaf(KeyType.EC_P256, "localhost");

	private static final TestCertificate aRsa = leaf(KeyType.RSA_2048, "a.test");

	private static final TestCertificate b = leaf(KeyType.EC_P256, "b.test");

	private static final TestCertificate wildcard = leaf(KeyType.EC_P256, "*.w.test");

	private static final Pattern PEM = Pattern.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");

	@TempDir
	static Path dir;

	private static TestCertificate leaf(KeyType type, String name) {
		return TestCertificate.builder().commonName(name).dnsNames(name).keyType(type).signedBy(ca).build();
	}

	@BeforeAll
	static void files() {
		ExternalTool.openssl().require();
		ca.writeCertificate(dir.resolve("ca.pem"));
	}

	private static SslSettings.Builder settings(String protocols) {
		return SslSettings.builder()
			.name("conscrypt-sni")
			.provider("conscrypt")
			.protocols(protocols)
			.identity(identity(fallback))
			.identities(List.of(HostIdentity.of(identity(aRsa), "a.test"), HostIdentity.of(identity(b), "b.test"),
					HostIdentity.of(identity(wildcard), "*.w.test")))
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(10));
	}

	@Test
	void theTestJvmDoesNotOpenJavaNetToConscrypt() {
		assertThat(Object.class.getModule().isOpen("java.net", Conscrypt.class.getModule())).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void servesTheCertificateOfEachName(String protocol) throws Exception {
		// a TLS 1.3-only server too: Conscrypt presents the RSA identity only with a TLS 1.2 RSA suite enabled
		try (Server server = new Server(settings(protocol).build(), Mode.HANDSHAKE)) {
			assertThat(opensslGets(server, protocol, "a.test")).isEqualTo(aRsa.certificate());
			assertThat(server.nextOutcome()).isEqualTo(protocol + " CN=a.test");
			assertThat(opensslGets(server, protocol, "b.test")).isEqualTo(b.certificate());
			assertThat(server.nextOutcome()).isEqualTo(protocol + " CN=b.test");
			assertThat(opensslGets(server, protocol, "x.w.test")).isEqualTo(wildcard.certificate());
			assertThat(server.nextOutcome()).isEqualTo(protocol + " CN=*.w.test");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void givesTheDefaultToNoNameAndToAnUnknownName(String protocol) throws Exception {
		try (Server server = new Server(settings("TLSv1.2:TLSv1.3").build(), Mode.HANDSHAKE)) {
			// a wildcard covers one label only: w.test and y.x.w.test are unknown names
			for (String name : new String[] { null, "unknown.test", "w.test", "y.x.w.test" }) {
				assertThat(opensslGets(server, protocol, name)).as(name).isEqualTo(fallback.certificate());
				assertThat(server.nextOutcome()).as(name).isEqualTo(protocol + " CN=localhost");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void aJsseClientSendingSniGetsTheCertificateOfItsName(String protocol) throws Exception {
		SslSocketFactory client = jsseClient(protocol);
		try (Server server = new Server(settings("TLSv1.2:TLSv1.3").build(), Mode.HANDSHAKE)) {
			assertThat(jsseGets(client, server, "a.test", "a.test")).isEqualTo(aRsa.certificate());
			assertThat(jsseGets(client, server, "B.TEST", "b.test")).isEqualTo(b.certificate());
			assertThat(jsseGets(client, server, "x.w.test", "x.w.test")).isEqualTo(wildcard.certificate());
			assertThat(jsseGets(client, server, "", "localhost")).isEqualTo(fallback.certificate());
			assertThat(jsseGets(client, server, "unknown.test", "localhost")).isEqualTo(fallback.certificate());
			for (int i = 0; i < 5; i++) {
				assertThat(server.nextOutcome()).startsWith(protocol);
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "UPGRADE, TLSv1.2", "UPGRADE, TLSv1.3", "TRAP, TLSv1.2", "TRAP, TLSv1.3" })
	void upgradedAndTrappedSocketsServeByNameToo(Mode mode, String protocol) throws Exception {
		try (Server server = new Server(settings(protocol).build(), mode)) {
			assertThat(opensslGets(server, protocol, "a.test")).isEqualTo(aRsa.certificate());
			assertThat(server.nextOutcome()).isEqualTo(protocol + " CN=a.test");
			assertThat(opensslGets(server, protocol, "b.test")).isEqualTo(b.certificate());
			assertThat(server.nextOutcome()).isEqualTo(protocol + " CN=b.test");
			assertThat(opensslGets(server, protocol, null)).isEqualTo(fallback.certificate());
			assertThat(server.nextOutcome()).isEqualTo(protocol + " CN=localhost");
		}
	}

	@ParameterizedTest
	@CsvSource({ "TLSv1.2, -cipher, ECDHE-ECDSA-AES128-GCM-SHA256", "TLSv1.3, -sigalgs, ecdsa_secp256r1_sha256" })
	void aNameWithoutTheClientsKeyTypeFailsRatherThanServingTheDefault(String protocol, String option, String value)
			throws Exception {
		// a.test has only an RSA certificate; the default's ECDSA one is not a.test's
		try (Server server = new Server(settings("TLSv1.2:TLSv1.3").build(), Mode.HANDSHAKE)) {
			List<String> command = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + server.port(),
					"-CAfile", dir.resolve("ca.pem").toString(), "-servername", "a.test", option, value,
					protocol.equals("TLSv1.2") ? "-tls1_2" : "-tls1_3"));
			ExternalTool.Result refused = ExternalTool.openssl()
				.timeout(Duration.ofSeconds(20))
				.input("")
				.run(command.toArray(new String[0]));
			assertThat(refused.exitCode()).isNotZero();
			assertThat(refused.output()).contains("alert handshake failure").doesNotContain("CN=localhost");
			assertThat(server.nextOutcome()).isEqualTo("failed NO_SHARED_CIPHER");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void sniRequiredRefusesAnUnknownName(String protocol) throws Exception {
		try (Server server = new Server(settings(protocol).sniRequired(true).build(), Mode.HANDSHAKE)) {
			ExternalTool.Result refused = sClient(server.port(), protocol, "unknown.test");
			assertThat(refused.exitCode()).isNotZero();
			assertThat(refused.stdout()).doesNotContain("hello");
			// Conscrypt refuses from its certificate callback: the client sees handshake_failure, not unrecognized_name
			assertThat(refused.output()).contains("alert handshake failure");
			assertThat(server.nextOutcome()).isEqualTo("failed UNRECOGNIZED_NAME");
			// which our client takes for the alert a peer sends when nothing is shared
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> jsseGets(jsseClient(protocol), server, "other.test", "localhost"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.NO_SHARED_CIPHER));
			assertThat(server.nextOutcome()).isEqualTo("failed UNRECOGNIZED_NAME");
			// known names are served, and a client that sends no name gets the default
			assertThat(opensslGets(server, protocol, "x.w.test")).isEqualTo(wildcard.certificate());
			assertThat(server.nextOutcome()).isEqualTo(protocol + " CN=*.w.test");
			assertThat(opensslGets(server, protocol, null)).isEqualTo(fallback.certificate());
			assertThat(server.nextOutcome()).isEqualTo(protocol + " CN=localhost");
		}
	}

	@Test
	void refusesANameWithIdentitiesOfTwoKeyTypes() {
		TestCertificate aEc = leaf(KeyType.EC_P256, "a.test");
		SslSettings.Builder mixed = settings("TLSv1.2:TLSv1.3").identities(List.of(
				new HostIdentity("ssl.identities[0]", List.of("a.test"), identity(aRsa)),
				new HostIdentity("ssl.identities[1]", List.of("b.test", "A.test"), identity(aEc))));
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(mixed.build()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("ssl.identities[1].host-names[1]"))
			.withMessageContaining("the host name 'a.test' has an RSA identity (ssl.identities[0].host-names[0]) and"
					+ " an EC identity (ssl.identities[1].host-names[1])")
			.withMessageContaining("one certificate per connection")
			.satisfies((ex) -> assertThat(ex.action()).contains("identities of one key type", "use provider jdk"));
		// the JDK chooses by the client's key types: the same identities are fine there
		assertThat(new SslContextFactory(mixed.provider("jdk").build()).sslContext().getProvider().getName())
			.isEqualTo("SunJSSE");
	}

	@Test
	void refusesDefaultsOfTwoKeyTypesBesideHostNames() {
		TestCertificate otherDefault = leaf(KeyType.RSA_2048, "localhost");
		SslSettings.Builder withNames = settings("TLSv1.2:TLSv1.3").identities(List.of(
				new HostIdentity("ssl.identities[0]", List.of("b.test"), identity(b)),
				new HostIdentity("ssl.identities[1]", List.of(), identity(otherDefault))));
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(withNames.build()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("ssl.identities[1]"))
			.withMessageContaining("the defaults (identity and identities without host-names) have an EC identity"
					+ " (identity) and an RSA identity (ssl.identities[1])");
		// without host names the context may be a client's, which presents one default by the server's key types
		SslContextFactory client = new SslContextFactory(settings("TLSv1.2:TLSv1.3")
			.identities(List.of(new HostIdentity("ssl.identities[0]", List.of(), identity(otherDefault))))
			.build());
		assertThat(client.sslContext().getProvider().getName()).isEqualTo("Conscrypt");
	}

	@Test
	void twoDefaultsWithoutHostNamesServeTheEcdsaOneToEveryClient() throws Exception {
		// not refused (it may be a client's context), but as a Conscrypt server it has one certificate
		SslSettings settings = settings("TLSv1.2")
			.identities(List.of(new HostIdentity("ssl.identities[0]", List.of(), identity(aRsa))))
			.build();
		try (Server server = new Server(settings, Mode.HANDSHAKE)) {
			assertThat(opensslGets(server, "TLSv1.2", "a.test")).isEqualTo(fallback.certificate());
			assertThat(server.nextOutcome()).isEqualTo("TLSv1.2 CN=localhost");
			ExternalTool.Result rsaOnly = ExternalTool.openssl()
				.timeout(Duration.ofSeconds(20))
				.input("")
				.run("s_client", "-connect", "127.0.0.1:" + server.port(), "-CAfile", dir.resolve("ca.pem").toString(),
						"-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
			assertThat(rsaOnly.exitCode()).isNotZero();
			assertThat(server.nextOutcome()).isEqualTo("failed NO_SHARED_CIPHER");
		}
	}

	@Test
	void neverResumesASessionUnderAnotherNameOnTls12() throws Exception {
		try (Server server = new Server(settings("TLSv1.2:TLSv1.3").build(), Mode.HANDSHAKE)) {
			for (String tickets : new String[] { "-no_ticket", "" }) {
				Path session = dir.resolve("a" + tickets + ".pem");
				String made = resumption(server.port(), "a.test", tickets, "-sess_out", session);
				assertThat(made).as(tickets).startsWith("New,").contains("CN=a.test");
				assertThat(server.nextOutcome()).isEqualTo("TLSv1.2 CN=a.test");
				assertThat(resumption(server.port(), "b.test", tickets, "-sess_in", session)).as(tickets)
					.startsWith("New,")
					.contains("CN=b.test");
				assertThat(server.nextOutcome()).isEqualTo("TLSv1.2 CN=b.test");
				// BoringSSL cannot tell the names apart: a context with host names resumes nothing
				assertThat(resumption(server.port(), "a.test", tickets, "-sess_in", session)).as(tickets)
					.startsWith("New,");
				assertThat(server.nextOutcome()).isEqualTo("TLSv1.2 CN=a.test");
			}
		}
	}

	@Test
	void issuesNoTls13TicketThatAnotherNameCouldResume() throws Exception {
		try (Server server = new Server(settings("TLSv1.3").build(), Mode.HANDSHAKE)) {
			ExternalTool.Result first = sClient(server.port(), "TLSv1.3", "a.test");
			assertThat(first.stdout()).contains("hello").doesNotContain("Post-Handshake New Session Ticket arrived");
			assertThat(server.nextOutcome()).isEqualTo("TLSv1.3 CN=a.test");
			// a JSSE client would offer the ticket of its last session with this peer: it has none
			SslSocketFactory client = jsseClient("TLSv1.3");
			assertThat(jsseGets(client, server, "a.test", "a.test")).isEqualTo(aRsa.certificate());
			assertThat(server.nextOutcome()).isEqualTo("TLSv1.3 CN=a.test");
			assertThat(jsseGets(client, server, "b.test", "b.test")).isEqualTo(b.certificate());
			assertThat(server.nextOutcome()).isEqualTo("TLSv1.3 CN=b.test");
		}
	}

	private static SslSocketFactory jsseClient(String protocol) {
		return new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("jsse-client")
			.protocols(protocol)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(10))
			.build()));
	}

	private static X509Certificate jsseGets(SslSocketFactory client, Server server, String sni, String verifyName)
			throws IOException {
		try (SSLSocket socket = client.connect("127.0.0.1", server.port(), sni, verifyName)) {
			assertThat(socket.getInputStream().read()).isEqualTo('h');
			return (X509Certificate) socket.getSession().getPeerCertificates()[0];
		}
	}

	private static ExternalTool.Result sClient(int port, String protocol, String name) {
		List<String> command = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-showcerts",
				"-CAfile", dir.resolve("ca.pem").toString(), "-verify_return_error", "-ign_eof",
				protocol.equals("TLSv1.2") ? "-tls1_2" : "-tls1_3"));
		command.addAll((name != null) ? List.of("-servername", name) : List.of("-noservername"));
		return ExternalTool.openssl().timeout(Duration.ofSeconds(20)).input("").run(command.toArray(new String[0]));
	}

	// the certificate openssl was served for that name (null: none sent), after it read the server's "hello"
	private static X509Certificate opensslGets(Server server, String protocol, String name) throws Exception {
		ExternalTool.Result result = sClient(server.port(), protocol, name);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stdout()).contains("hello");
		Matcher pem = PEM.matcher(result.stdout());
		assertThat(pem.find()).as(result.output()).isTrue();
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(pem.group().getBytes(StandardCharsets.US_ASCII)));
	}

	// "New," or "Reused," and the subject s_client saw, over TLS 1.2
	private static String resumption(int port, String sni, String tickets, String sessionOption, Path session)
			throws IOException {
		List<String> command = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-servername",
				sni, "-tls1_2", "-CAfile", dir.resolve("ca.pem").toString(), "-ign_eof", "-nameopt", "RFC2253",
				sessionOption, session.toString()));
		if (!tickets.isEmpty()) {
			command.add(tickets);
		}
		ExternalTool.Result result = ExternalTool.openssl()
			.timeout(Duration.ofSeconds(20))
			.input("")
			.run(command.toArray(new String[0]));
		assertThat(result.exitCode()).as(result.output()).isZero();
		if (sessionOption.equals("-sess_out")) {
			assertThat(Files.size(session)).isPositive();
		}
		Matcher outcome = Pattern.compile("(?m)^(New|Reused),").matcher(result.stdout());
		Matcher subject = Pattern.compile("(?m)^subject=(.*)$").matcher(result.stdout());
		assertThat(outcome.find() && subject.find()).as(result.stdout()).isTrue();
		return outcome.group() + " " + subject.group(1);
	}

	/** How the server takes its connections. */
	enum Mode {

		/** {@code handshake(accepted)} on a socket accepted from the factory's server socket. */
		HANDSHAKE,

		/** {@code upgrade(plain, autoClose)} on a plain accepted socket. */
		UPGRADE,

		/** {@code accept(plain, trap)} on a plain accepted socket. */
		TRAP

	}

	/**
	 * Takes connections as its mode says, says "hello" and notes each outcome: the protocol, the
	 * subject of the certificate it presented, "resumed"; or the failure's classification.
	 */
	private static final class Server implements AutoCloseable {

		private final SslServerSocketFactory factory;

		private final Mode mode;

		private final ServerSocket listener;

		private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

		private final BlockingQueue<HandshakeEvent> events = new LinkedBlockingQueue<>();

		Server(SslSettings settings, Mode mode) throws IOException {
			this.factory = new SslServerSocketFactory(new SslContextFactory(settings), this.events::add);
			this.mode = mode;
			InetAddress loopback = InetAddress.getByName("127.0.0.1");
			this.listener = (mode == Mode.HANDSHAKE) ? this.factory.createServerSocket(0, 5, loopback)
					: new ServerSocket(0, 5, loopback);
			Thread thread = new Thread(this::serve, "conscrypt-sni-" + mode);
			thread.setDaemon(true);
			thread.start();
		}

		private void serve() {
			for (int i = 0; i < 30; i++) {
				// a failed handshake's event too was reported on this thread: none is left over
				this.events.clear();
				try (Socket accepted = this.listener.accept(); SSLSocket tls = handshake(accepted)) {
					HandshakeEvent event = this.events.poll(5, TimeUnit.SECONDS);
					X509Certificate local = (X509Certificate) tls.getSession().getLocalCertificates()[0];
					tls.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
					tls.getOutputStream().flush();
					this.outcomes.add(tls.getSession().getProtocol() + " "
							+ local.getSubjectX500Principal().getName()
							+ ((event != null && event.resumed()) ? " resumed" : ""));
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
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private SSLSocket handshake(Socket accepted) throws IOException {
			return switch (this.mode) {
				case HANDSHAKE -> this.factory.handshake((SSLSocket) accepted);
				case UPGRADE -> this.factory.upgrade(accepted, true);
				case TRAP -> this.factory.accept(accepted, (socket, first) -> {
					throw new IOException("plain text");
				});
			};
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
