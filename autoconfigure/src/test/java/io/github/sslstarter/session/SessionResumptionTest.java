package io.github.sslstarter.session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.test.TestCertificate;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Repeated connections to the same host and port resume, against JSSE and OpenSSL servers, and
 * every connection tells whether it did.
 */
class SessionResumptionTest {

	private static final TestCertificate ca = TestCertificate.authority("Session Test CA");

	private static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	@TempDir
	Path dir;

	static TestCertificate ca() {
		return ca;
	}

	static SslContextFactory server(String protocols) {
		return new SslContextFactory(
				SslSettings.builder().name("server").identity(identity(localhost)).protocols(protocols).build());
	}

	static SslSettings.Builder client(String protocols) {
		return SslSettings.builder()
			.name("client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.protocols(protocols)
			.handshakeTimeout(Duration.ofSeconds(5));
	}

	/** Writes a line and reads the echo: the read is also what lets JSSE take a TLS 1.3 ticket. */
	static String echo(SSLSocket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	/** Connects, exchanges a line, closes, and says whether the connection resumed. */
	static boolean exchange(SslSocketFactory factory, String host, int port) throws IOException {
		try (SSLSocket socket = factory.connect(host, port)) {
			assertThat(echo(socket, "ping")).isEqualTo("ping");
			return factory.reused(socket);
		}
	}

	@Test
	void tls12ClientResumesWithJsseServer() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			assertThat(exchange(factory, "localhost", server.port())).isFalse();
			assertThat(exchange(factory, "localhost", server.port())).isTrue();
			assertThat(exchange(factory, "localhost", server.port())).isTrue();
		}
	}

	@Test
	void tls13ClientResumesWithJsseServerTicket() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.3"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.3").build()));
			assertThat(exchange(factory, "localhost", server.port())).isFalse();
			assertThat(exchange(factory, "localhost", server.port())).isTrue();
			assertThat(exchange(factory, "localhost", server.port())).isTrue();
		}
	}

	@Test
	void tls13ClientThatNeverReadsGetsNoTicketAndDoesNotResume() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.3"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.3").build()));
			try (SSLSocket socket = factory.connect("localhost", server.port())) {
				assertThat(factory.reused(socket)).isFalse();
			}
			try (SSLSocket socket = factory.connect("localhost", server.port())) {
				assertThat(factory.reused(socket)).isFalse();
			}
		}
	}

	@Test
	void serverSideKnowsWhichHandshakesResumed() throws Exception {
		for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
			try (ResumingServer server = new ResumingServer(server(protocol))) {
				SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client(protocol).build()));
				exchange(factory, "localhost", server.port());
				exchange(factory, "localhost", server.port());
				awaitEvents(server, 2);
				assertThat(server.events()).extracting(HandshakeEvent::resumed).as(protocol).containsExactly(false, true);
				SessionStatistics statistics = server.context().sessionCache().statistics(SessionSide.SERVER);
				assertThat(statistics.hits()).as(protocol).isEqualTo(1);
				assertThat(statistics.misses()).as(protocol).isEqualTo(1);
			}
		}
	}

	@Test
	void serverThatNeedsClientCertificatesKnowsWhichHandshakesResumed() throws Exception {
		SslContextFactory serverContext = new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(identity(localhost))
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.clientAuth(io.github.sslstarter.core.ClientAuth.NEED)
			.protocols("TLSv1.2")
			.build());
		try (ResumingServer server = new ResumingServer(serverContext)) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(
					client("TLSv1.2").identity(identity(TestCertificate.builder()
						.commonName("client")
						.dnsNames("client.example")
						.signedBy(ca)
						.build())).build()));
			assertThat(exchange(factory, "localhost", server.port())).isFalse();
			assertThat(exchange(factory, "localhost", server.port())).isTrue();
			awaitEvents(server, 2);
			assertThat(server.events()).extracting(HandshakeEvent::resumed).containsExactly(false, true);
		}
	}

	@Test
	void handshakeEventsCarryTheResumedFlag() throws Exception {
		List<HandshakeEvent> events = new CopyOnWriteArrayList<>();
		try (ResumingServer server = new ResumingServer(server("TLSv1.3"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.3").build()),
					events::add);
			exchange(factory, "localhost", server.port());
			exchange(factory, "localhost", server.port());
			assertThat(events).extracting(HandshakeEvent::resumed).containsExactly(false, true);
		}
	}

	@Test
	void tls12ClientResumesWithOpenSslSessionIds() throws Exception {
		try (RunningTool server = ExternalTool.opensslServer(this.dir, localhost, "-www", "-tls1_2", "-no_ticket")) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			assertThat(httpGet(factory, server.port())).isFalse();
			assertThat(httpGet(factory, server.port())).isTrue();
			assertThat(httpGet(factory, server.port())).isTrue();
		}
	}

	@Test
	void tls12ClientResumesWithOpenSslTickets() throws Exception {
		try (RunningTool server = ExternalTool.opensslServer(this.dir, localhost, "-www", "-tls1_2")) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			assertThat(httpGet(factory, server.port())).isFalse();
			assertThat(httpGet(factory, server.port())).isTrue();
		}
	}

	@Test
	void tls13ClientResumesWithOpenSslTickets() throws Exception {
		try (RunningTool server = ExternalTool.opensslServer(this.dir, localhost, "-www", "-tls1_3")) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.3").build()));
			assertThat(httpGet(factory, server.port())).isFalse();
			assertThat(httpGet(factory, server.port())).isTrue();
			assertThat(httpGet(factory, server.port())).isTrue();
		}
	}

	@Test
	void openSslServerThatRefusesResumptionGetsFullHandshakes() throws Exception {
		try (RunningTool server = ExternalTool.opensslServer(this.dir, localhost, "-www", "-tls1_2", "-no_ticket",
				"-no_cache")) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			assertThat(httpGet(factory, server.port())).isFalse();
			assertThat(httpGet(factory, server.port())).isFalse();
			assertThat(factory.contextFactory().sessionCache().statistics(SessionSide.CLIENT).misses()).isEqualTo(2);
		}
	}

	@Test
	void aResumedConnectionIsStillCheckedForItsName() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			try (SSLSocket socket = factory.connect("127.0.0.1", server.port(), null, "localhost")) {
				echo(socket, "x");
			}
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory.connect("127.0.0.1", server.port(), null, "other.example"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
		}
	}

	@Test
	void contextsDoNotShareSessions() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory first = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			SslSocketFactory second = new SslSocketFactory(
					new SslContextFactory(client("TLSv1.2").name("second").build()));
			assertThat(exchange(first, "localhost", server.port())).isFalse();
			assertThat(exchange(second, "localhost", server.port())).isFalse();
			assertThat(exchange(first, "localhost", server.port())).isTrue();
		}
	}

	private static boolean httpGet(SslSocketFactory factory, int port) throws IOException {
		try (SSLSocket socket = factory.connect("localhost", port)) {
			socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			assertThat(status).startsWith("HTTP/1.0 200");
			socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
			return factory.reused(socket);
		}
	}

	static void awaitEvents(ResumingServer server, int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (server.events().size() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

}
