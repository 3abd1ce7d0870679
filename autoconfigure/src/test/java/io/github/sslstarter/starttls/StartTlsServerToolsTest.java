package io.github.sslstarter.starttls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.sslstarter.starttls.OurStartTlsServer.Outcome;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StartTlsServer} against {@code openssl s_client -starttls} and {@code gnutls-cli
 * --starttls-proto}, which between them speak every protocol: the dialogue, a verified
 * handshake in which the tool sees the server's certificate, and a line that reaches the server
 * over TLS and comes back.
 */
class StartTlsServerToolsTest {

	private static final TestCertificate ca = TestCertificate.authority("STARTTLS server test CA");

	private static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	private static final Pattern PEM = Pattern
		.compile("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

	private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	static Path directory;

	static Path caFile;

	@BeforeAll
	static void writeTrustAnchor() throws Exception {
		caFile = ca.writeCertificate(directory.resolve("ca.pem"));
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void opensslClient(StartTls protocol) throws Exception {
		String name = protocol.name().toLowerCase(Locale.ROOT);
		try (OurStartTlsServer server = OurStartTlsServer.start(protocol, localhost)) {
			List<String> arguments = new ArrayList<>(List.of("s_client", "-starttls", name, "-connect",
					"127.0.0.1:" + server.port(), "-servername", "localhost", "-verify_hostname", "localhost",
					"-CAfile", caFile.toString(), "-verify_return_error", "-ign_eof"));
			if (protocol == StartTls.XMPP) {
				arguments.addAll(List.of("-xmpphost", "localhost"));
			}
			String output = ExternalTool.openssl()
				.timeout(TOOL_TIMEOUT)
				.input("openssl over " + name + "\n")
				.run(arguments.toArray(new String[0]))
				.output();
			assertThat(output).contains("Verify return code: 0 (ok)").contains("echo: openssl over " + name);
			assertThat(certificates(output)).containsExactly(localhost.certificate());
			assertReachedOverTls(server, "openssl over " + name);
		}
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void gnutlsClient(StartTls protocol) throws Exception {
		String name = protocol.name().toLowerCase(Locale.ROOT);
		try (OurStartTlsServer server = OurStartTlsServer.start(protocol, localhost)) {
			String output = ExternalTool.gnutlsCli()
				.timeout(TOOL_TIMEOUT)
				.input("gnutls over " + name + "\n")
				.run("127.0.0.1", "-p", String.valueOf(server.port()), "--starttls-proto=" + name, "--x509cafile",
						caFile.toString(), "--verify-hostname", "localhost", "--sni-hostname", "localhost",
						"--print-cert")
				.output();
			assertThat(output).contains("Handshake was completed").contains("Status: The certificate is trusted.");
			assertThat(certificates(output)).first().isEqualTo(localhost.certificate());
			assertReachedOverTls(server, "gnutls over " + name);
		}
	}

	@ParameterizedTest
	@EnumSource(value = StartTls.class, names = { "SMTP", "LDAP", "XMPP" })
	void anImplicitTlsClientIsToldApart(StartTls protocol) throws Exception {
		try (OurStartTlsServer server = OurStartTlsServer.start(protocol, localhost)) {
			String output = ExternalTool.openssl()
				.timeout(TOOL_TIMEOUT)
				.run("s_client", "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost", "-CAfile",
						caFile.toString())
				.output();
			assertThat(output).contains("no peer certificate available");
			assertThat(server.next().failure()).isInstanceOf(StartTlsException.class)
				.hasMessageContaining("but the client started a TLS handshake: it speaks implicit TLS, not " + protocol
						+ " STARTTLS; serve it on a TLS port (SslServerSocketFactory), or configure it for STARTTLS");
			assertThat(server.events()).isEmpty();
		}
	}

	private static void assertReachedOverTls(OurStartTlsServer server, String line) throws InterruptedException {
		Outcome outcome = server.next();
		assertThat(outcome.failure()).isNull();
		assertThat(outcome.protocol()).startsWith("TLSv1.");
		assertThat(outcome.line()).isEqualTo(line);
		assertThat(server.events()).singleElement().satisfies((event) -> assertThat(event.succeeded()).isTrue());
	}

	private static List<X509Certificate> certificates(String output) throws Exception {
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		List<X509Certificate> certificates = new ArrayList<>();
		Matcher pem = PEM.matcher(output);
		while (pem.find()) {
			certificates.add((X509Certificate) factory
				.generateCertificate(new ByteArrayInputStream(pem.group().getBytes(StandardCharsets.US_ASCII))));
		}
		return certificates;
	}

}
