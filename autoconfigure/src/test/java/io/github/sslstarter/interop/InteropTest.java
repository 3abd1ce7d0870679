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
import io.github.sslstarter.testing.ExternalPeer;
import io.github.sslstarter.testing.TestPki;
import io.github.sslstarter.testing.TestPki.Ca;
import io.github.sslstarter.verify.HostnameScheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Our sockets against the TLS stacks IO::Socket::SSL users know: OpenSSL's s_server, GnuTLS's
 * gnutls-serv and Perl's IO::Socket::SSL itself, both ways.
 */
class InteropTest {

	private static final Ca ca = TestPki.ca("Interop CA");

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

	private Path[] gnutlsIdentity(Identity identity) throws Exception {
		ExternalPeer.require("openssl");
		Path[] files = ExternalPeer.writeIdentity(this.dir, "server", identity);
		// GnuTLS wants the public key inside an EC PKCS#8 key, which the JDK leaves out
		ExternalPeer.run(List.of("openssl", "ec", "-in", files[1].toString(), "-out", "gnutls-key.pem"), this.dir,
				Duration.ofSeconds(20));
		return new Path[] { files[0], this.dir.resolve("gnutls-key.pem") };
	}

	@Test
	void connectsToGnutlsServ() throws Exception {
		ExternalPeer.require("gnutls-serv");
		Path[] server = gnutlsIdentity(ca.localhost());
		int port = ExternalPeer.freePort();
		try (ExternalPeer gnutls = ExternalPeer.start(List.of("gnutls-serv", "--echo", "-p", String.valueOf(port),
				"--x509certfile", server[0].toString(), "--x509keyfile", server[1].toString(), "-a"), this.dir)) {
			gnutls.awaitPort(port, Duration.ofSeconds(10));
			try (SSLSocket socket = client(SslSettings.builder()).connect("localhost", port)) {
				assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
				assertThat(exchange(socket, "hello gnutls")).isEqualTo("hello gnutls");
			}
		}
	}

	@Test
	void refusesGnutlsServPresentingAnotherName() throws Exception {
		ExternalPeer.require("gnutls-serv");
		Path[] server = gnutlsIdentity(ca.issue("mail.example.org", List.of("mail.example.org"), List.of()));
		int port = ExternalPeer.freePort();
		try (ExternalPeer gnutls = ExternalPeer.start(List.of("gnutls-serv", "--echo", "-p", String.valueOf(port),
				"--x509certfile", server[0].toString(), "--x509keyfile", server[1].toString(), "-a"), this.dir)) {
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
		ExternalPeer.require("openssl");
		Path[] server = ExternalPeer.writeIdentity(this.dir, "server", ca.localhost());
		Path caFile = ExternalPeer.writeCertificates(this.dir.resolve("ca.pem"), List.of(ca.certificate()));
		int port = ExternalPeer.freePort();
		try (ExternalPeer openssl = ExternalPeer.start(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
				"-cert", server[0].toString(), "-key", server[1].toString(), "-CAfile", caFile.toString(), "-Verify",
				"2", "-verify_return_error", "-tls1_2", "-rev"), this.dir)) {
			openssl.awaitOutput("ACCEPT", Duration.ofSeconds(10));
			Identity clientIdentity = ca.issue("client", List.of(), List.of());
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
		ExternalPeer.require("openssl");
		ExternalPeer.require("perl:IO::Socket::SSL");
		Identity identity = ca.localhost();
		Path[] files = ExternalPeer.writeIdentity(this.dir, "server", identity);
		ExternalPeer.run(List.of("openssl", "ec", "-in", files[1].toString(), "-aes256", "-passout", "pass:legacy",
				"-out", "legacy-key.pem"), this.dir, Duration.ofSeconds(20));
		Path caFile = ExternalPeer.writeCertificates(this.dir.resolve("ca.pem"), List.of(ca.certificate()));
		SslContextFactory context = new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(Identity.of(
					Material.privateKey(this.dir.resolve("legacy-key.pem").toString(), "legacy".toCharArray()),
					Material.certificates(files[0].toString())))
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
			String output = ExternalPeer.run(List.of("perl", "-e", script, String.valueOf(server.getLocalPort()),
					caFile.toString()), this.dir, Duration.ofSeconds(20));
			assertThat(output).contains("echo=from perl").contains("version=TLSv1_3");
			echo.join(5000);
		}
	}

	@Test
	void connectsToAPerlIoSocketSslServerAndRefusesItsWrongName() throws Exception {
		ExternalPeer.require("perl:IO::Socket::SSL");
		Path[] good = ExternalPeer.writeIdentity(this.dir, "good", ca.localhost());
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
		try (ExternalPeer perl = ExternalPeer.start(List.of("perl", "-e", script, good[0].toString(),
				good[1].toString()), this.dir)) {
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
