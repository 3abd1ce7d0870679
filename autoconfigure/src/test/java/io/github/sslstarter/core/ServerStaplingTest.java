package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.material.Material;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestOcspResponder;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Server-side stapling is JSSE's and JVM-wide: a server context staples only in a JVM started
 * with {@code -Djdk.tls.server.enableStatusRequestExtension=true}, read once when JSSE loads.
 * So the server runs in a JVM of its own, started with that property; it fetches its response
 * from the {@code openssl ocsp} responder its certificate names, and our client in
 * {@code must-staple} mode judges the staple.
 */
class ServerStaplingTest {

	private static final TestCertificate ca = TestCertificate.authority("Stapling CA");

	@TempDir
	Path dir;

	@Test
	void aJsseServerStaplesInAJvmWithTheGlobalPropertyAndOurClientJudgesTheStaple() throws Exception {
		try (TestOcspResponder responder = TestOcspResponder.start(ca, this.dir.resolve("responder"))) {
			TestCertificate good = TestCertificate.builder().localhost().signedBy(ca).ocspResponder(responder.uri()).build();
			TestCertificate revoked = TestCertificate.builder().localhost().signedBy(ca).ocspResponder(responder.uri()).build();
			Instant when = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
			responder.good(good).revoked(revoked, when);
			SslSocketFactory client = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
				.name("client")
				.trustSystemDefaults(false)
				.trustedCertificates(List.of(ca.certificate()))
				.trustOcspMode(OcspMode.MUST_STAPLE)
				.build()));
			try (StaplingServer server = StaplingServer.start(this.dir, good)) {
				try (Socket socket = client.connect("localhost", server.port)) {
					socket.getOutputStream().write("stapled\n".getBytes(StandardCharsets.UTF_8));
					assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
						.readLine()).isEqualTo("stapled");
				}
			}
			assertThat(responder.requests()).as("the server fetched its staple").isPositive();
			try (StaplingServer server = StaplingServer.start(this.dir, revoked)) {
				assertThatExceptionOfType(SslConnectionException.class)
					.isThrownBy(() -> client.connect("localhost", server.port))
					.satisfies((ex) -> assertThat(ex.failure()).as(ex.getMessage()).isEqualTo(TlsFailure.REVOKED))
					.withMessageContaining("revoked since " + when);
			}
		}
	}

	@Test
	void aJsseServerInThisJvmStaplesNothing() throws Exception {
		TestCertificate good = TestCertificate.builder().localhost().signedBy(ca).build();
		SslSocketFactory client = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("client")
			.trustSystemDefaults(false)
			.trustedCertificates(List.of(ca.certificate()))
			.trustOcspMode(OcspMode.MUST_STAPLE)
			.build()));
		try (TestTlsServer server = TestTlsServer.start(new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(Identity.of(good.privateKey(), good.chain()))
			.build()))) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client.connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOCATION_UNKNOWN))
				.withMessageContaining("stapled no OCSP response");
		}
	}

	/** A JSSE echo server of ours in a JVM of its own, with server stapling on. */
	private static final class StaplingServer implements AutoCloseable {

		private final Process process;

		private final int port;

		private StaplingServer(Process process, int port) {
			this.process = process;
			this.port = port;
		}

		static StaplingServer start(Path dir, TestCertificate identity) throws IOException {
			TestCertificate.PemFiles files = identity.writeTo(dir, "stapling-" + identity.certificate().getSerialNumber());
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			Process process = new ProcessBuilder(java, "-Djdk.tls.server.enableStatusRequestExtension=true", "-cp",
					System.getProperty("java.class.path"), Main.class.getName(), files.chain().toString(),
					files.privateKey().toString())
				.redirectErrorStream(true)
				.start();
			BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			StringBuilder seen = new StringBuilder();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			String line;
			while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
				seen.append(line).append('\n');
				if (line.startsWith("PORT=")) {
					Thread drain = new Thread(() -> out.lines().forEach((ignored) -> {
					}), "stapling-server-output");
					drain.setDaemon(true);
					drain.start();
					return new StaplingServer(process, Integer.parseInt(line.substring(5)));
				}
			}
			process.destroyForcibly();
			throw new IllegalStateException("The stapling server did not start:\n" + seen);
		}

		@Override
		public void close() throws Exception {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}

	}

	/** The server JVM: serves until its standard input closes. */
	public static final class Main {

		private Main() {
		}

		public static void main(String[] arguments) throws Exception {
			Identity identity = Identity.of(Material.privateKey(arguments[1], null), Material.certificates(arguments[0]));
			try (TestTlsServer server = TestTlsServer
				.start(new SslContextFactory(SslSettings.builder().name("stapling").identity(identity).build()))) {
				System.out.println("PORT=" + server.port());
				System.out.flush();
				while (System.in.read() != -1) {
					// until the test closes our input
				}
			}
		}

	}

}
