package io.github.sslstarter.interop;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.core.HostIdentity;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TlsServer;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our server with an identity per host name, and an RSA and an ECDSA certificate for one name,
 * as {@code openssl s_client}, {@code gnutls-cli} and Perl's IO::Socket::SSL see it: each name gets its certificate,
 * no name and an unknown one get the default, an RSA-only, an ECDSA-only and an Ed25519-only client
 * get the certificate of their key type (TLS 1.3 by signature algorithms, TLS 1.2 by cipher suite), and
 * with {@code sni-required} an unknown name gets an {@code unrecognized_name} alert; a session is
 * resumed only under the name it was made for.
 */
class ServerIdentitiesInteropTest {

	private static final TestCertificate ca = TestCertificate.authority("SNI Interop CA");

	private static final TestCertificate fallback = leaf(KeyType.EC_P256, "localhost");

	private static final TestCertificate aRsa = leaf(KeyType.RSA_2048, "a.test");

	private static final TestCertificate aEc = leaf(KeyType.EC_P256, "a.test");

	private static final TestCertificate aEd = leaf(KeyType.ED25519, "a.test");

	private static final TestCertificate b = leaf(KeyType.EC_P256, "b.test");

	private static final Pattern PEM = Pattern
		.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");

	@TempDir
	static Path dir;

	private static Path caFile;

	private static TestTlsServer server;

	private static TestTlsServer strict;

	private static TestCertificate leaf(KeyType type, String name) {
		return TestCertificate.builder().commonName(name).dnsNames(name).keyType(type).signedBy(ca).build();
	}

	private static SslSettings.Builder settings(String name) {
		return SslSettings.builder()
			.name(name)
			.identity(identity(fallback))
			.identities(List.of(HostIdentity.of(identity(aRsa), "a.test"), HostIdentity.of(identity(aEc), "a.test"),
					HostIdentity.of(identity(aEd), "a.test"), HostIdentity.of(identity(b), "b.test")));
	}

	@BeforeAll
	static void start() throws Exception {
		caFile = ca.writeCertificate(dir.resolve("ca.pem"));
		server = TestTlsServer.start(new SslContextFactory(settings("sni").build()));
		strict = TestTlsServer.start(new SslContextFactory(settings("sni-required").sniRequired(true).build()));
	}

	@AfterAll
	static void stop() {
		server.close();
		strict.close();
	}

	private static ExternalTool.Result sClient(int port, String... arguments) {
		List<String> command = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-showcerts",
				"-CAfile", caFile.toString(), "-verify_return_error"));
		command.addAll(List.of(arguments));
		return ExternalTool.openssl().timeout(Duration.ofSeconds(20)).input("").run(command.toArray(new String[0]));
	}

	private static X509Certificate opensslGets(String... arguments) throws Exception {
		ExternalTool.Result result = sClient(server.port(), arguments);
		assertThat(result.exitCode()).as(result.output()).isZero();
		return firstCertificate(result.stdout());
	}

	private static X509Certificate gnutlsGets(String sni, String verifyName, String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("--x509cafile", caFile.toString(), "--print-cert", "-p",
				String.valueOf(server.port()), "--verify-hostname", verifyName));
		if (sni != null) {
			command.addAll(List.of("--sni-hostname", sni));
		}
		command.addAll(List.of(arguments));
		command.add("127.0.0.1");
		ExternalTool.Result result = ExternalTool.gnutlsCli().timeout(Duration.ofSeconds(20)).input("")
			.run(command.toArray(new String[0]));
		assertThat(result.exitCode()).as(result.output()).isZero();
		return firstCertificate(result.stdout());
	}

	private static X509Certificate firstCertificate(String output) throws Exception {
		Matcher pem = PEM.matcher(output);
		assertThat(pem.find()).as(output).isTrue();
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(pem.group().getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void opensslGetsTheCertificateOfEachName() throws Exception {
		assertThat(opensslGets("-servername", "b.test", "-verify_hostname", "b.test")).isEqualTo(b.certificate());
		assertThat(opensslGets("-servername", "a.test", "-verify_hostname", "a.test").getSubjectX500Principal()
			.getName()).isEqualTo("CN=a.test");
		assertThat(opensslGets("-noservername", "-verify_hostname", "localhost")).isEqualTo(fallback.certificate());
		assertThat(opensslGets("-servername", "unknown.test", "-verify_hostname", "localhost"))
			.isEqualTo(fallback.certificate());
	}

	@Test
	void opensslGetsTheKeyTypeItSupportsForOneName() throws Exception {
		// TLS 1.3: the signature algorithms decide
		assertThat(opensslGets("-servername", "a.test", "-tls1_3", "-sigalgs", "rsa_pss_rsae_sha256:rsa_pkcs1_sha256"))
			.isEqualTo(aRsa.certificate());
		assertThat(opensslGets("-servername", "a.test", "-tls1_3", "-sigalgs", "ecdsa_secp256r1_sha256"))
			.isEqualTo(aEc.certificate());
		assertThat(opensslGets("-servername", "a.test", "-tls1_3", "-sigalgs", "ed25519")).isEqualTo(aEd.certificate());
		// TLS 1.2: the cipher suite decides
		assertThat(opensslGets("-servername", "a.test", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"))
			.isEqualTo(aRsa.certificate());
		assertThat(opensslGets("-servername", "a.test", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"))
			.isEqualTo(aEc.certificate());
	}

	@Test
	void gnutlsGetsTheCertificateOfEachNameAndKeyType() throws Exception {
		assertThat(gnutlsGets("b.test", "b.test")).isEqualTo(b.certificate());
		assertThat(gnutlsGets(null, "localhost")).isEqualTo(fallback.certificate());
		assertThat(gnutlsGets("unknown.test", "localhost")).isEqualTo(fallback.certificate());
		// TLS 1.3 by signature algorithms, TLS 1.2 by key exchange
		assertThat(gnutlsGets("a.test", "a.test", "--priority",
				"NORMAL:-VERS-ALL:+VERS-TLS1.3:-SIGN-ALL:+SIGN-RSA-PSS-RSAE-SHA256:+SIGN-RSA-SHA256"))
			.isEqualTo(aRsa.certificate());
		assertThat(gnutlsGets("a.test", "a.test", "--priority",
				"NORMAL:-VERS-ALL:+VERS-TLS1.3:-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256"))
			.isEqualTo(aEc.certificate());
		assertThat(gnutlsGets("a.test", "a.test", "--priority", "NORMAL:-KX-ALL:+ECDHE-RSA:-VERS-ALL:+VERS-TLS1.2"))
			.isEqualTo(aRsa.certificate());
		assertThat(gnutlsGets("a.test", "a.test", "--priority", "NORMAL:-KX-ALL:+ECDHE-ECDSA:-VERS-ALL:+VERS-TLS1.2"))
			.isEqualTo(aEc.certificate());
	}

	@Test
	void perlIoSocketSslClientsGetTheCertificateOfTheirHostname() {
		String script = """
				use IO::Socket::SSL;
				for my $name (@ARGV[2..$#ARGV]) {
				  my $s = IO::Socket::SSL->new(PeerAddr => '127.0.0.1', PeerPort => $ARGV[0], SSL_ca_file => $ARGV[1],
				      SSL_verify_mode => SSL_VERIFY_PEER, SSL_hostname => ($name eq 'none' ? '' : $name),
				      SSL_verifycn_scheme => 'http', SSL_verifycn_name => ($name =~ /test$/ && $name ne 'unknown.test'
				      ? $name : 'localhost')) or die "connect $name failed: $SSL_ERROR";
				  print "$name=", $s->peer_certificate('subject'), "\n";
				  close $s;
				}
				""";
		String output = ExternalTool.perl("IO::Socket::SSL").timeout(Duration.ofSeconds(30)).run("-e", script,
				String.valueOf(server.port()), caFile.toString(), "a.test", "b.test", "unknown.test", "none")
			.requireSuccess()
			.stdout();
		assertThat(output).contains("a.test=/CN=a.test", "b.test=/CN=b.test", "unknown.test=/CN=localhost",
				"none=/CN=localhost");
	}

	@Test
	void aSessionOfOneNameIsNeverResumedUnderAnother() throws Exception {
		// the server says a line and closes, so that s_client reads the TLS 1.3 ticket before it ends
		try (TlsServer saying = TlsServer.builder()
			.serverSocketFactory(new SslServerSocketFactory(new SslContextFactory(settings("resuming").build())))
			.handler((socket) -> {
				socket.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
			})
			.start()) {
			// TLS 1.2 by session id (stateful), where JSSE resumes a.test under a.test on every JDK
			Path session12 = dir.resolve("session12.pem");
			assertThat(resumption(saying.port(), "-tls1_2", "a.test", "-sess_out", session12)).startsWith("New,");
			assertThat(resumption(saying.port(), "-tls1_2", "a.test", "-sess_in", session12)).startsWith("Reused,");
			// RFC 6066: a session of a.test under the name b.test is a full handshake with b.test's certificate
			assertThat(resumption(saying.port(), "-tls1_2", "b.test", "-sess_in", session12)).startsWith("New,")
				.contains("CN=b.test");
			// TLS 1.3 tickets (JDK 17 resumes them under their own name; JDK 25 not at all once the SNI is matched)
			Path session13 = dir.resolve("session13.pem");
			assertThat(resumption(saying.port(), "-tls1_3", "a.test", "-sess_out", session13)).startsWith("New,");
			assertThat(resumption(saying.port(), "-tls1_3", "b.test", "-sess_in", session13)).startsWith("New,")
				.contains("CN=b.test");
		}
	}

	// "New," or "Reused," and the subject s_client saw
	private static String resumption(int port, String version, String sni, String sessionOption, Path session) {
		ExternalTool.Result result = ExternalTool.openssl().timeout(Duration.ofSeconds(20)).run("s_client",
				"-connect", "127.0.0.1:" + port, "-servername", sni, version, "-no_ticket", "-CAfile",
				caFile.toString(), "-ign_eof", "-nameopt", "RFC2253", sessionOption, session.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		Matcher outcome = Pattern.compile("(?m)^(New|Reused),").matcher(result.stdout());
		Matcher subject = Pattern.compile("(?m)^subject=(.*)$").matcher(result.stdout());
		assertThat(outcome.find() && subject.find()).as(result.stdout()).isTrue();
		return outcome.group() + " " + subject.group(1);
	}

	@Test
	void sniRequiredSendsUnrecognizedNameForAnUnknownName() throws Exception {
		ExternalTool.Result refused = sClient(strict.port(), "-servername", "unknown.test");
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.output()).contains("unrecognized name");
		ExternalTool.Result served = sClient(strict.port(), "-servername", "b.test", "-verify_hostname", "b.test");
		assertThat(served.exitCode()).as(served.output()).isZero();
		assertThat(firstCertificate(served.stdout())).isEqualTo(b.certificate());
		ExternalTool.Result gnutls = ExternalTool.gnutlsCli().timeout(Duration.ofSeconds(20)).input("")
			.run("--x509cafile", caFile.toString(), "-p", String.valueOf(strict.port()), "--sni-hostname",
					"unknown.test", "127.0.0.1");
		assertThat(gnutls.exitCode()).isNotZero();
		assertThat(gnutls.output()).containsIgnoringCase("server name sent was not recognized");
	}

}
