package io.github.sslstarter.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.testing.LogRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code ssl.debug}: what each level prints for real handshakes, through its own logger, and
 * that no level prints key material.
 */
class TlsDebugTest {

	private static final TestCertificate ca = TestCertificate.authority("Debug CA");

	private static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	@RegisterExtension
	final LogRecords errors = LogRecords.of(TlsDebug.ERRORS);

	@RegisterExtension
	final LogRecords handshake = LogRecords.of(TlsDebug.HANDSHAKE);

	@RegisterExtension
	final LogRecords records = LogRecords.of(TlsDebug.RECORDS);

	private static String text(LogRecords log) {
		return log.records().stream().map(LogRecord::getMessage).collect(Collectors.joining("\n"));
	}

	private static SslSettings.Builder settings(String name, String protocols, int debug) {
		return SslSettings.builder()
			.name(name)
			.protocols(protocols)
			.alpn(List.of("h2", "http/1.1"))
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(5))
			.debug(debug);
	}

	/** A server of level 0 answering one line; the client connects at {@code debug} and sends {@code line}. */
	private static String exchange(SslSettings.Builder client, String line) throws Exception {
		SslServerSocketFactory server = new SslServerSocketFactory(new SslContextFactory(
				settings("quiet-server", "TLSv1.2:TLSv1.3", 0).identity(Identities.identity(localhost)).build()));
		try (ServerSocket listener = server.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
				try (SSLSocket tls = server.handshake((SSLSocket) listener.accept())) {
					String got = readLine(tls.getInputStream());
					tls.getOutputStream().write(("got " + got.length() + "\n").getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					// a client that failed its handshake
				}
			});
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client.build()));
			try (SSLSocket tls = factory.connect("localhost", listener.getLocalPort())) {
				tls.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
				return readLine(tls.getInputStream());
			}
			finally {
				served.get(10, TimeUnit.SECONDS);
			}
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			line.write(b);
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	@Test
	void levelTwoShowsTheHandshakeFlowWithEachVerificationStep() throws Exception {
		assertThat(exchange(settings("flow", "TLSv1.3", 2), "hello")).isEqualTo("got 5");
		String flow = text(this.handshake);
		assertThat(flow).contains("[flow client to localhost:")
			.contains("] verify server certificate CN=localhost: chain: trusted (PKIX, 2 sent); security level 2: passed; "
					+ "name: 'localhost' matched (scheme strict); verdict: accepted in ")
			.containsPattern("handshake done: TLSv1\\.3 TLS_[A-Z0-9_]+, full, \\d+ ms")
			.contains("sni: localhost (sent)", "alpn: h2", "peer chain: 2 certificate(s)",
					"[0] CN=localhost (issuer CN=Debug CA, until ", "[1] CN=Debug CA (issuer CN=Debug CA, until ");
		assertThat(text(this.records)).isEmpty();
		assertThat(text(this.errors)).isEmpty();
	}

	@Test
	void levelTwoShowsWhichStepRefusedTheChain() throws Exception {
		TestCertificate other = TestCertificate.authority("Other CA");
		SslSettings.Builder client = settings("refusing", "TLSv1.3", 2).trustedCertificates(List.of(other.certificate()));
		assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> exchange(client, "hello"))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER));
		assertThat(text(this.handshake)).contains("verify server certificate CN=localhost: chain: refused: ")
			.contains("verdict: refused in ")
			.doesNotContain("handshake done");
		// level 1 is part of level 2
		assertThat(text(this.errors)).contains("[refusing] localhost:", "untrusted-issuer (untrusted issuer)");
	}

	@Test
	void levelOneShowsFailuresWithTheirClassOnly() throws Exception {
		SslSettings.Builder client = settings("failures", "TLSv1.3", 1).verifyName("other.example");
		assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> exchange(client, "hello"));
		assertThat(text(this.errors)).contains("[failures] localhost:", "hostname-mismatch (hostname mismatch): ");
		assertThat(text(this.handshake)).isEmpty();
	}

	@Test
	void levelZeroShowsNothing() throws Exception {
		SslSettings.Builder client = settings("silent", "TLSv1.3", 0).verifyName("other.example");
		assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> exchange(client, "hello"));
		assertThat(exchange(settings("silent", "TLSv1.3", 0), "hello")).isEqualTo("got 5");
		assertThat(text(this.errors) + text(this.handshake) + text(this.records)).isEmpty();
	}

	@Test
	void levelThreeDumpsTheRecordsOnTheWireAndNoKeyOrPlaintext() throws Exception {
		// TLS 1.2: the server's certificate travels in clear, so the dump must show it
		String secret = "password=correct horse battery staple";
		assertThat(exchange(settings("records", "TLSv1.2", 3), secret)).isEqualTo("got " + secret.length());
		String dump = text(this.records);
		assertThat(dump).contains("[records localhost:", "] sent handshake record, version 03", "] received handshake record",
				"received change_cipher_spec record", "sent application_data record");
		assertThat(dump).contains(hex(localhost.certificate().getEncoded()));
		byte[] key = localhost.privateKey().getEncoded();
		byte[] caKey = ca.privateKey().getEncoded();
		String all = dump + "\n" + text(this.handshake) + "\n" + text(this.errors);
		for (byte[] secretBytes : List.of(key, caKey, secret.getBytes(StandardCharsets.UTF_8))) {
			assertThat(all).doesNotContain(hex(secretBytes))
				.doesNotContain(Base64.getEncoder().encodeToString(secretBytes))
				// nor any 16-byte window of it
				.doesNotContain(hex(java.util.Arrays.copyOfRange(secretBytes, secretBytes.length - 16, secretBytes.length)));
		}
		assertThat(all).doesNotContainIgnoringCase("master").doesNotContain(secret);
		// level 3 includes level 2
		assertThat(text(this.handshake)).contains("handshake done: TLSv1.2");
	}

	@Test
	void aLevelAboveThreeStopsStartup() {
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> SslSettings.builder().debug(4).build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("debug"))
			.withMessageContaining("0 to 3");
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
