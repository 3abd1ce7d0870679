package io.github.sslstarter.starttls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each protocol's dialogue against a real loopback server that then upgrades to TLS.
 */
class StartTlsUpgradeTest {

	private static final TestCertificate localhost = TestCertificate.builder().localhost().build();

	private static final SSLContext serverContext = TestSslContexts.server(localhost);

	private static final SSLContext clientContext = TestSslContexts.client(localhost.certificate());

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void negotiatesUpToTheHandshakeSoThatTlsCarriesTheEcho(StartTls protocol) throws IOException {
		try (StartTlsTestServer server = StartTlsTestServer.start(protocol, serverContext);
				Socket plain = connect(server)) {
			protocol.negotiate(plain, "localhost");
			SSLSocket tls = (SSLSocket) clientContext.getSocketFactory().createSocket(plain, "localhost",
					server.port(), true);
			tls.startHandshake();
			assertThat(echo(tls, "hello over " + protocol)).isEqualTo("hello over " + protocol);
			assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(localhost.certificate());
			assertThat(server.handshakes()).isEqualTo(1);
		}
	}

	@Test
	void upgradeNegotiatesAndCompletesTheHandshake() throws IOException {
		try (StartTlsTestServer server = StartTlsTestServer.start(StartTls.SMTP, serverContext);
				SSLSocket tls = StartTls.SMTP.upgrade(connect(server), "localhost",
						clientContext.getSocketFactory())) {
			assertThat(tls.getSession().getProtocol()).startsWith("TLSv1.");
			assertThat(echo(tls, "upgraded")).isEqualTo("upgraded");
		}
	}

	@Test
	void serverAcceptsManyConnectionsOneAfterAnother() throws IOException {
		try (StartTlsTestServer server = StartTlsTestServer.start(StartTls.IMAP, serverContext)) {
			for (int i = 0; i < 3; i++) {
				try (SSLSocket tls = StartTls.IMAP.upgrade(connect(server), "localhost",
						clientContext.getSocketFactory())) {
					assertThat(echo(tls, "round " + i)).isEqualTo("round " + i);
				}
			}
			assertThat(server.handshakes()).isEqualTo(3);
		}
	}

	static Socket connect(StartTlsTestServer server) throws IOException {
		Socket plain = new Socket();
		plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
		plain.setSoTimeout(5000);
		return plain;
	}

	private static String echo(SSLSocket tls, String line) throws IOException {
		tls.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		tls.getOutputStream().flush();
		return new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

}
