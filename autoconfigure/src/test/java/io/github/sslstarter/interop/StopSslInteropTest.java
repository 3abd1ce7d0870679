package io.github.sslstarter.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocket;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IO::Socket::SSL's {@code stop_SSL} from the client's side: after {@code upgrade(plain, host,
 * port, autoClose=false)}, {@link SslSocket#stopTls()} ends TLS with close_notify and leaves the
 * TCP connection usable in plain text, against a Perl server that calls {@code stop_SSL} itself.
 */
class StopSslInteropTest {

	private static final TestCertificate ca = TestCertificate.authority("Stop SSL CA");

	@TempDir
	Path dir;

	private static final String SERVER = """
			use IO::Socket::SSL;
			use IO::Socket::INET;
			my $srv = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 5, ReuseAddr => 1)
			    or die "listen: $!";
			$| = 1;
			print "PORT=", $srv->sockport, "\\n";
			my $c = $srv->accept or die "accept: $!";
			my $hello = <$c>;
			syswrite $c, "GO\\n";
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
			close $c;
			print "DONE\\n";
			""";

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			line.write(b);
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "TLSv1_2, TLSv1.2", "TLSv1_3, TLSv1.3" })
	void stoppingTlsOnAnUpgradedSocketLeavesAWorkingPlainConnection(String perlVersion, String jsse)
			throws Exception {
		ExternalTool perlTool = ExternalTool.perl("IO::Socket::SSL").require();
		TestCertificate.PemFiles identity = TestCertificate.builder().localhost().signedBy(ca).build()
			.writeTo(this.dir, "server");
		SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.protocols(jsse)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.build()));
		try (RunningTool perl = perlTool.in(this.dir).start("-e", SERVER, identity.chain().toString(),
				identity.privateKey().toString(), perlVersion)) {
			perl.awaitOutput("PORT=", Duration.ofSeconds(10));
			int port = Integer.parseInt(perl.output().replaceAll("(?s).*PORT=(\\d+).*", "$1"));
			try (Socket plain = new Socket()) {
				plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
				plain.setSoTimeout(10_000);
				plain.getOutputStream().write("STARTTLS\n".getBytes(StandardCharsets.UTF_8));
				assertThat(line(plain.getInputStream())).isEqualTo("GO");
				SSLSocket tls = factory.upgrade(plain, "localhost", port, false);
				assertThat(tls.getSession().getProtocol()).isEqualTo(jsse);
				tls.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
				assertThat(line(tls.getInputStream())).isEqualTo("tls:hello");
				// not tls.close(): JSSE's close skips what is buffered and may leave the peer's close_notify behind
				assertThat(SslSocket.of(tls).stopTls()).isSameAs(plain);
				assertThat(plain.isClosed()).isFalse();
				plain.getOutputStream().write("again\n".getBytes(StandardCharsets.UTF_8));
				assertThat(line(plain.getInputStream())).isEqualTo("plain:again");
			}
			perl.awaitOutput("DONE", Duration.ofSeconds(10));
			assertThat(perl.output()).contains("VERSION=" + perlVersion, "STOPPED IO::Socket::INET");
		}
	}

}
