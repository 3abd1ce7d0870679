package io.github.sslstarter.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocket;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;
import io.github.sslstarter.testing.Identities;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket's life against other TLS stacks: IO::Socket::SSL's {@code stop_SSL} and
 * {@code start_SSL} again on one TCP connection, as client and as server; and a TLS 1.3 close
 * that gnutls-cli and openssl s_client see as a clean close_notify, where JSSE's own close
 * sends {@code user_canceled} first.
 */
class SocketLifeInteropTest {

	private static final TestCertificate ca = TestCertificate.authority("Socket Life Interop CA");

	private static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	@TempDir
	Path dir;

	private static SslSettings.Builder settings(String protocols) {
		return SslSettings.builder()
			.protocols(protocols)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(10));
	}

	private static void send(Socket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
	}

	private static String line(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			line.write(b);
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	private static int port(RunningTool perl) {
		perl.awaitOutput("PORT=", Duration.ofSeconds(10));
		return Integer.parseInt(perl.output().replaceAll("(?s).*PORT=(\\d+).*", "$1"));
	}

	private static final String PERL_SERVER = """
			use IO::Socket::SSL;
			use IO::Socket::INET;
			my $srv = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 5, ReuseAddr => 1)
			    or die "listen: $!";
			$| = 1;
			print "PORT=", $srv->sockport, "\\n";
			my $c = $srv->accept or die "accept: $!";
			for my $round (0 .. 1) {
			    IO::Socket::SSL->start_SSL($c, SSL_server => 1, SSL_cert_file => $ARGV[0], SSL_key_file => $ARGV[1],
			        SSL_version => $ARGV[2]) or die "start_SSL: $SSL_ERROR";
			    print "VERSION=", $c->get_sslversion, "\\n";
			    my $line = <$c>;
			    print $c "tls:$line";
			    $c->stop_SSL or die "stop_SSL: $SSL_ERROR";
			    print "STOPPED ", ref($c), "\\n";
			    my $plain = '';
			    while (sysread($c, my $byte, 1)) { $plain .= $byte; last if $byte eq "\\n"; }
			    syswrite $c, "plain:$plain";
			}
			close $c;
			print "DONE\\n";
			""";

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "TLSv1_2, TLSv1.2", "TLSv1_3, TLSv1.3" })
	void clientStopsAndStartsTlsAgainWithAPerlServer(String perlVersion, String jsse) throws Exception {
		ExternalTool perlTool = ExternalTool.perl("IO::Socket::SSL").require();
		TestCertificate.PemFiles identity = localhost.writeTo(this.dir, "server");
		SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(settings(jsse).build()));
		try (RunningTool perl = perlTool.in(this.dir).start("-e", PERL_SERVER, identity.chain().toString(),
				identity.privateKey().toString(), perlVersion)) {
			int port = port(perl);
			try (Socket plain = new Socket()) {
				plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
				plain.setSoTimeout(10_000);
				for (int round = 0; round < 2; round++) {
					SSLSocket tls = factory.upgrade(plain, "localhost", port, false);
					assertThat(tls.getSession().getProtocol()).isEqualTo(jsse);
					send(tls, "hello " + round);
					assertThat(line(tls)).isEqualTo("tls:hello " + round);
					assertThat(SslSocket.of(tls).stopTls()).isSameAs(plain);
					send(plain, "again " + round);
					assertThat(line(plain)).isEqualTo("plain:again " + round);
				}
			}
			perl.awaitOutput("DONE", Duration.ofSeconds(10));
			assertThat(perl.output()).contains("VERSION=" + perlVersion, "STOPPED IO::Socket::INET");
			assertThat(perl.output().split("STOPPED IO::Socket::INET", -1)).hasSize(3);
		}
	}

	private static final String PERL_CLIENT = """
			use IO::Socket::SSL;
			use IO::Socket::INET;
			$| = 1;
			my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $ARGV[0]) or die "connect: $!";
			for my $round (0 .. 1) {
			    IO::Socket::SSL->start_SSL($c, SSL_verify_mode => SSL_VERIFY_PEER, SSL_ca_file => $ARGV[1],
			        SSL_hostname => 'localhost', SSL_verifycn_name => 'localhost', SSL_verifycn_scheme => 'http',
			        SSL_version => $ARGV[2]) or die "start_SSL: $SSL_ERROR";
			    print "VERSION=", $c->get_sslversion, "\\n";
			    print $c "hello $round\\n";
			    my $line = <$c>;
			    print "GOT $line";
			    $c->stop_SSL or die "stop_SSL: $SSL_ERROR";
			    print "STOPPED ", ref($c), "\\n";
			    syswrite $c, "plain $round\\n";
			    my $plain = '';
			    while (sysread($c, my $byte, 1)) { $plain .= $byte; last if $byte eq "\\n"; }
			    print "PLAIN $plain";
			}
			close $c;
			print "DONE\\n";
			""";

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "TLSv1_2, TLSv1.2", "TLSv1_3, TLSv1.3" })
	void serverStopsAndStartsTlsAgainWithAPerlClient(String perlVersion, String jsse) throws Exception {
		ExternalTool perlTool = ExternalTool.perl("IO::Socket::SSL").require();
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		SslServerSocketFactory factory = new SslServerSocketFactory(
				new SslContextFactory(settings(jsse).identity(Identities.identity(localhost)).build()));
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
				RunningTool perl = perlTool.in(this.dir).start("-e", PERL_CLIENT,
						String.valueOf(listener.getLocalPort()), caFile.toString(), perlVersion)) {
			listener.setSoTimeout(10_000);
			try (Socket plain = listener.accept()) {
				plain.setSoTimeout(10_000);
				for (int round = 0; round < 2; round++) {
					SSLSocket tls = factory.upgrade(plain, false);
					assertThat(tls.getSession().getProtocol()).isEqualTo(jsse);
					assertThat(line(tls)).isEqualTo("hello " + round);
					send(tls, "tls " + round);
					assertThat(SslSocket.of(tls).stopTls()).isSameAs(plain);
					assertThat(line(plain)).isEqualTo("plain " + round);
					send(plain, "plain reply " + round);
				}
			}
			perl.awaitOutput("DONE", Duration.ofSeconds(10));
			assertThat(perl.output()).contains("VERSION=" + perlVersion, "GOT tls 0", "GOT tls 1",
					"PLAIN plain reply 0", "PLAIN plain reply 1");
		}
	}

	/** Accepts one connection on {@code server}, sends a line and closes it as {@code close} does. */
	private static CompletableFuture<Void> serveOnce(ServerSocket server, Closer close) {
		return CompletableFuture.runAsync(() -> {
			try (Socket accepted = server.accept()) {
				accepted.setSoTimeout(10_000);
				SSLSocket tls = close.prepare(accepted);
				send(tls, "hello");
				// what the client sends (nothing, or a line) does not matter: wait a moment for its ticket ack
				Thread.sleep(200);
				tls.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	@FunctionalInterface
	private interface Closer {

		SSLSocket prepare(Socket accepted) throws IOException;

	}

	private SslServerSocketFactory ourServer() {
		return new SslServerSocketFactory(
				new SslContextFactory(settings("TLSv1.3").identity(Identities.identity(localhost)).build()));
	}

	private String gnutlsCliAgainst(ServerSocket server, Closer closer) throws Exception {
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		CompletableFuture<Void> served = serveOnce(server, closer);
		try (RunningTool cli = ExternalTool.gnutlsCli().in(this.dir).start("--x509cafile", caFile.toString(),
				"-p", String.valueOf(server.getLocalPort()), "localhost")) {
			served.get(20, TimeUnit.SECONDS);
			return awaitAny(cli, "Peer has closed the GnuTLS connection", "terminated");
		}
	}

	/** The tool's output once it shows one of the markers (its output is read on a thread of its own), or after 10 s. */
	private static String awaitAny(RunningTool tool, String... markers) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			String output = tool.output();
			for (String marker : markers) {
				if (output.contains(marker)) {
					return output;
				}
			}
			Thread.sleep(20);
		}
		return tool.output();
	}

	@Test
	void aTls13CloseIsACleanCloseNotifyForGnutlsCli() throws Exception {
		ExternalTool.gnutlsCli().require();
		SslServerSocketFactory ours = ourServer();
		try (ServerSocket server = ours.createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			String output = gnutlsCliAgainst(server, (accepted) -> ours.handshake((SSLSocket) accepted));
			System.out.println("CLOSE gnutls-cli against our TLS 1.3 close:\n" + output);
			assertThat(output).contains("hello", "Peer has closed the GnuTLS connection")
				.doesNotContainIgnoringCase("user canceled")
				.doesNotContain("Fatal error");
		}
	}

	@Test
	void jssesOwnTls13CloseSendsUserCanceledWhichGnutlsCliReportsAsAnError() throws Exception {
		// the behaviour the factories' sockets avoid: if a JDK stops doing this, the workaround can go
		ExternalTool.gnutlsCli().require();
		SSLServerSocket jsse = (SSLServerSocket) TestSslContexts.server(localhost)
			.getServerSocketFactory()
			.createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
		jsse.setEnabledProtocols(new String[] { "TLSv1.3" });
		try (jsse) {
			String output = gnutlsCliAgainst(jsse, (accepted) -> (SSLSocket) accepted);
			System.out.println("CLOSE gnutls-cli against JSSE's own TLS 1.3 close:\n" + output);
			assertThat(output).contains("hello").containsIgnoringCase("user canceled");
		}
	}

	@Test
	void aTls13CloseShowsOnlyCloseNotifyToOpensslSClient() throws Exception {
		ExternalTool openssl = ExternalTool.openssl().require();
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		SslServerSocketFactory ours = ourServer();
		try (ServerSocket server = ours.createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			CompletableFuture<Void> served = serveOnce(server, (accepted) -> ours.handshake((SSLSocket) accepted));
			try (RunningTool client = openssl.in(this.dir).start("s_client", "-connect",
					"127.0.0.1:" + server.getLocalPort(), "-servername", "localhost", "-CAfile", caFile.toString(),
					"-tls1_3", "-msg", "-ign_eof")) {
				served.get(20, TimeUnit.SECONDS);
				// s_client prints "closed" when the connection is gone, after the alerts it saw
				String output = awaitAny(client, "\nclosed");
				System.out.println("CLOSE openssl s_client -msg against our TLS 1.3 close:\n" + output);
				assertThat(output).contains("hello", "close_notify").doesNotContain("user_canceled");
			}
		}
	}

}
