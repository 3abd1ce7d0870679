package io.github.sslstarter.starttls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test servers speak each protocol as OpenSSL's {@code s_client -starttls} expects, so they
 * stand for real servers: the dialogue, a verified TLS handshake and the echo all complete.
 */
class StartTlsOpensslTest {

	private static final TestCertificate localhost = TestCertificate.builder().localhost().build();

	@TempDir
	static Path directory;

	static Path caFile;

	@BeforeAll
	static void requireOpenssl() throws Exception {
		ExternalTool.openssl().require();
		caFile = localhost.writeCertificate(directory.resolve("ca.pem"));
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void opensslClientCompletesTheDialogueAndAVerifiedHandshake(StartTls protocol) throws Exception {
		try (StartTlsTestServer server = StartTlsTestServer.start(protocol, TestSslContexts.server(localhost))) {
			// fails the test with the output if openssl does not exit within 15 s
			String output = ExternalTool.openssl()
				.timeout(Duration.ofSeconds(15))
				.input("echo over " + protocol + "\n")
				.run("s_client", "-starttls", protocol.name().toLowerCase(Locale.ROOT), "-connect",
						"127.0.0.1:" + server.port(), "-servername", "localhost", "-CAfile", caFile.toString(),
						"-verify_return_error", "-brief", "-ign_eof")
				.output();
			assertThat(output).contains("CONNECTION ESTABLISHED")
				.contains("Protocol version: TLSv1.")
				.contains("Verification: OK")
				.contains("echo over " + protocol);
			assertThat(server.handshakes()).isEqualTo(1);
		}
	}

}
