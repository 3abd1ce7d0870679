package io.github.sslstarter.interop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.core.ClientAuth;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.material.Material;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.verify.HostnameScheme;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Our sockets against the TLS stacks IO::Socket::SSL users know: OpenSSL's s_server, GnuTLS's
 * gnutls-serv and Perl's IO::Socket::SSL itself, both ways.
 */
class InteropTest {

	private static final TestCertificate ca = TestCertificate.authority("Interop CA");

	@TempDir
	Path dir;

	private SslSocketFactory client(SslSettings.Builder settings) {
		return new SslSocketFactory(new SslContextFactory(
				settings.trustedCertificates(List.of(ca.certificate())).trustSystemDefaults(false).build()));
	}

	private static String exchange(SSLSocket socket, String line) throws Exception {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	private Path[] gnutlsIdentity(TestCertificate identity) throws Exception {
		ExternalTool.openssl().require();
		TestCertificate.PemFiles files = identity.writeTo(this.dir, "server");
		// GnuTLS wants the public key inside an EC PKCS#8 key, which the JDK leaves out
		ExternalTool.openssl().in(this.dir).timeout(Duration.ofSeconds(20))
			.run("ec", "-in", files.privateKey().toString(), "-out", "gnutls-key.pem");
		return new Path[] { files.chain(), this.dir.resolve("gnutls-key.pem") };
	}

	@Test
	void connectsToGnutlsServ() throws Exception {
		ExternalTool.gnutlsServ().require();
		Path[] server = gnutlsIdentity(TestCertificate.builder().localhost().signedBy(ca).build());
		int port = ExternalTool.freePort();
		try (RunningTool gnutls = ExternalTool.gnutlsServ().in(this.dir).start("--echo", "-p", String.valueOf(port),
				"--x509certfile", server[0].toString(), "--x509keyfile", server[1].toString(), "-a")) {
			gnutls.awaitPort(port, Duration.ofSeconds(10));
			try (SSLSocket socket = client(SslSettings.builder()).connect("localhost", port)) {
				assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
				assertThat(exchange(socket, "hello gnutls")).isEqualTo("hello gnutls");
			}
		}
	}

	@Test
	void refusesGnutlsServPresentingAnotherName() throws Exception {
		ExternalTool.gnutlsServ().require();
		Path[] server = gnutlsIdentity(TestCertificate.builder()
			.commonName("mail.example.org")
			.dnsNames("mail.example.org")
			.signedBy(ca)
			.build());
		int port = ExternalTool.freePort();
		try (RunningTool gnutls = ExternalTool.gnutlsServ().in(this.dir).start("--echo", "-p", String.valueOf(port),
				"--x509certfile", server[0].toString(), "--x509keyfile", server[1].toString(), "-a")) {
			gnutls.awaitPort(port, Duration.ofSeconds(10));
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(SslSettings.builder()).connect("localhost", port))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH))
				.withMessageContaining("mail.example.org");
			try (SSLSocket socket = client(SslSettings.builder().verifyName("mail.example.org")).connect("localhost",
					port)) {
				assertThat(exchange(socket, "named")).isEqualTo("named");
			}
		}
	}

	@Test
	void mutualTlsWithOpensslServer() throws Exception {
		ExternalTool.openssl().require();
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		try (RunningTool openssl = ExternalTool.opensslServer(this.dir,
				TestCertificate.builder().localhost().signedBy(ca).build(), "-CAfile", caFile.toString(), "-Verify",
				"2", "-verify_return_error", "-tls1_2", "-rev")) {
			int port = openssl.port();
			Identity clientIdentity = identity(TestCertificate.builder().commonName("client").signedBy(ca).build());
			try (SSLSocket socket = client(SslSettings.builder().identity(clientIdentity)).connect("localhost", port)) {
				assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
				assertThat(exchange(socket, "abc")).isEqualTo("cba");
			}
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(SslSettings.builder()).connect("localhost", port))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED));
		}
	}

	@Test
	void loadsALegacyEncryptedKeyMadeByOpensslAndServesPerlClients() throws Exception {
		ExternalTool.openssl().require();
		ExternalTool.perl("IO::Socket::SSL").require();
		TestCertificate identity = TestCertificate.builder().localhost().signedBy(ca).build();
		TestCertificate.PemFiles files = identity.writeTo(this.dir, "server");
		ExternalTool.openssl().in(this.dir).timeout(Duration.ofSeconds(20)).run("ec", "-in",
				files.privateKey().toString(), "-aes256", "-passout", "pass:legacy", "-out", "legacy-key.pem");
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		SslContextFactory context = new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(Identity.of(
					Material.privateKey(this.dir.resolve("legacy-key.pem").toString(), "legacy".toCharArray()),
					Material.certificates(files.chain().toString())))
			.build());
		SslServerSocketFactory factory = new SslServerSocketFactory(context);
		try (ServerSocket server = factory.createServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
			Thread echo = echo(factory, server);
			String script = """
					use IO::Socket::SSL;
					my $s = IO::Socket::SSL->new(PeerAddr => '127.0.0.1', PeerPort => $ARGV[0],
					    SSL_ca_file => $ARGV[1], SSL_verify_mode => SSL_VERIFY_PEER,
					    SSL_verifycn_scheme => 'smtp', SSL_verifycn_name => 'localhost', SSL_hostname => 'localhost')
					  or die "connect failed: $SSL_ERROR";
					print $s "from perl\\n";
					my $line = <$s>;
					print "echo=$line", "version=", $s->get_sslversion, "\\n";
					""";
			String output = ExternalTool.perl("IO::Socket::SSL").in(this.dir).timeout(Duration.ofSeconds(20))
				.run("-e", script, String.valueOf(server.getLocalPort()), caFile.toString()).output();
			assertThat(output).contains("echo=from perl").contains("version=TLSv1_3");
			echo.join(5000);
		}
	}

	@Test
	void connectsToAPerlIoSocketSslServerAndRefusesItsWrongName() throws Exception {
		ExternalTool.perl("IO::Socket::SSL").require();
		TestCertificate.PemFiles good = TestCertificate.builder().localhost().signedBy(ca).build().writeTo(this.dir,
				"good");
		String script = """
				use IO::Socket::SSL;
				my $srv = IO::Socket::SSL->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 5, ReuseAddr => 1,
				    SSL_server => 1, SSL_cert_file => $ARGV[0], SSL_key_file => $ARGV[1]) or die "listen: $SSL_ERROR";
				$| = 1;
				print "PORT=", $srv->sockport, "\\n";
				for (1..2) {
				  my $c = $srv->accept or next;
				  my $line = <$c>;
				  print $c "perl says $line" if defined $line;
				  close $c;
				}
				""";
		try (RunningTool perl = ExternalTool.perl("IO::Socket::SSL").in(this.dir).start("-e", script,
				good.chain().toString(), good.privateKey().toString())) {
			perl.awaitOutput("PORT=", Duration.ofSeconds(10));
			int port = Integer.parseInt(perl.output().replaceAll("(?s).*PORT=(\\d+).*", "$1"));
			try (SSLSocket socket = client(SslSettings.builder()).connect("localhost", port)) {
				assertThat(exchange(socket, "hi")).isEqualTo("perl says hi");
			}
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(SslSettings.builder().verifyScheme(HostnameScheme.named("smtp")))
					.connect("127.0.0.1", port, null, "mail.localhost"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH))
				.withMessageContaining("localhost");
		}
	}

	private static Thread echo(SslServerSocketFactory factory, ServerSocket server) {
		Thread thread = new Thread(() -> {
			try (SSLSocket socket = factory.handshake((SSLSocket) server.accept())) {
				String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
					.readLine();
				socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
				socket.getOutputStream().flush();
			}
			catch (Exception ex) {
				// the client's assertion reports it
			}
		});
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
