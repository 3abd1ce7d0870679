package io.github.sslstarter.test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ExternalToolTest {

	private static final ExternalTool missing = ExternalTool.named("no-such-tool-for-ssl-spring-boot-test");

	@TempDir
	Path dir;

	@Test
	void aMissingToolFailsTheTestOnCi() {
		assertThat(missing.isAvailable()).isFalse();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> missing.require("true"))
			.withMessageContaining("no-such-tool-for-ssl-spring-boot-test is required by this test and missing");
	}

	@Test
	void aMissingToolSkipsTheTestElsewhere() {
		assertThatExceptionOfType(TestAbortedException.class).isThrownBy(() -> missing.require(null))
			.withMessageContaining("is not installed");
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> ExternalTool.perl("No::Such::Module::For::Tests").require("false"))
			.withMessageContaining("perl with No::Such::Module::For::Tests");
	}

	@Test
	void runsAToolInItsDirectoryWithInputAndSeparateOutputs() {
		ExternalTool.Result result = ExternalTool.named("sh")
			.in(this.dir)
			.input("from stdin")
			.run("-c", "pwd; cat; echo oops >&2; exit 3");
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.stdout()).contains(this.dir.getFileName().toString()).contains("from stdin");
		assertThat(result.stderr()).isEqualTo("oops\n");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(result::requireSuccess)
			.withMessageContaining("exit code 3")
			.withMessageContaining("oops");
	}

	@Test
	void aRunThatTakesTooLongIsKilled() {
		long start = System.nanoTime();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ExternalTool.named("sleep").timeout(Duration.ofMillis(300)).run("30"))
			.withMessageContaining("Timed out after 300 ms: sleep 30");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void opensslMakesWhatJavaReads() throws Exception {
		ExternalTool openssl = ExternalTool.openssl().in(this.dir);
		TestCertificate ca = TestCertificate.authority("Tool CA");
		TestCertificate leaf = TestCertificate.builder().localhost().signedBy(ca).build();
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		leaf.writeCertificate(this.dir.resolve("leaf.pem"));
		String verified = openssl.run("verify", "-CAfile", caFile.toString(), "leaf.pem").requireSuccess().stdout();
		assertThat(verified).contains("leaf.pem: OK");
		TestCrl.builder(ca).revoke(leaf).build().write(this.dir.resolve("ca.crl"));
		ExternalTool.Result revoked = openssl.run("verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "ca.crl",
				"leaf.pem");
		assertThat(revoked.exitCode()).isNotZero();
		assertThat(revoked.output()).contains("certificate revoked");
		assertThat(Files.exists(this.dir.resolve("ca.crl"))).isTrue();
	}

	@Test
	void startsAnOpensslServerAndWaitsForIt() throws Exception {
		TestCertificate ca = TestCertificate.authority("s_server CA");
		TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();
		try (RunningTool server = ExternalTool.opensslServer(this.dir, localhost, "-tls1_3", "-www");
				SSLSocket socket = TlsServerTest.connect(TestSslContexts.client(ca.certificate()), "localhost",
						server.port())) {
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
			socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine()).startsWith("HTTP/1.0 200");
			assertThat(server.isAlive()).isTrue();
		}
	}

	@Test
	void awaitsThePortOfAPeer() throws Exception {
		int port = ExternalTool.freePort();
		TestCertificate localhost = TestCertificate.builder().localhost().build();
		TestCertificate.PemFiles files = localhost.writeTo(this.dir, "server");
		try (RunningTool server = ExternalTool.openssl()
			.in(this.dir)
			.start("s_server", "-accept", "127.0.0.1:" + port, "-cert", files.chain().toString(), "-key",
					files.privateKey().toString())
			.awaitPort(port, Duration.ofSeconds(20))) {
			assertThat(server.port()).isEqualTo(port);
		}
		try (RunningTool quitter = ExternalTool.named("sh").start("-c", "echo bye")) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> quitter.awaitOutput("never printed", Duration.ofSeconds(10)))
				.withMessageContaining("ended before printing 'never printed'")
				.withMessageContaining("bye");
		}
	}

}
