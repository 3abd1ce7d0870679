package io.github.sslstarter.starttls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The test servers speak each protocol as OpenSSL's {@code s_client -starttls} expects, so they
 * stand for real servers: the dialogue, a verified TLS handshake and the echo all complete.
 */
class StartTlsOpensslTest {

	@TempDir
	static Path directory;

	static Path caFile;

	@BeforeAll
	static void requireOpenssl() throws Exception {
		boolean available;
		try {
			Process version = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
			available = version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
		}
		catch (IOException ex) {
			available = false;
		}
		if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("The openssl CLI is required when CI=true but cannot be run");
		}
		Assumptions.assumeTrue(available, "openssl CLI not available");
		caFile = directory.resolve("ca.pem");
		String pem = "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(TestTlsContexts.certificate().getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
		Files.writeString(caFile, pem, StandardCharsets.US_ASCII);
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void opensslClientCompletesTheDialogueAndAVerifiedHandshake(StartTls protocol) throws Exception {
		try (StartTlsTestServer server = StartTlsTestServer.start(protocol, TestTlsContexts.server())) {
			List<String> command = List.of("openssl", "s_client", "-starttls", protocol.name().toLowerCase(Locale.ROOT),
					"-connect", "127.0.0.1:" + server.port(), "-servername", "localhost", "-CAfile",
					caFile.toString(), "-verify_return_error", "-brief", "-ign_eof");
			Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
			try (OutputStream stdin = openssl.getOutputStream()) {
				stdin.write(("echo over " + protocol + "\n").getBytes(StandardCharsets.US_ASCII));
			}
			boolean exited = openssl.waitFor(15, TimeUnit.SECONDS);
			if (!exited) {
				openssl.destroyForcibly();
			}
			String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(exited).as("openssl exited; output:%n%s", output).isTrue();
			assertThat(output).contains("CONNECTION ESTABLISHED")
				.contains("Protocol version: TLSv1.")
				.contains("Verification: OK")
				.contains("echo over " + protocol);
			assertThat(server.handshakes()).isEqualTo(1);
		}
	}

}
