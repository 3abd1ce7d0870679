package io.github.sslstarter.starttls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each protocol's dialogue against a real loopback server that then upgrades to TLS.
 */
class StartTlsUpgradeTest {

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void negotiatesUpToTheHandshakeSoThatTlsCarriesTheEcho(StartTls protocol) throws IOException {
		try (StartTlsTestServer server = StartTlsTestServer.start(protocol, TestTlsContexts.server());
				Socket plain = connect(server)) {
			protocol.negotiate(plain, "localhost");
			SSLSocket tls = (SSLSocket) TestTlsContexts.client().getSocketFactory().createSocket(plain, "localhost",
					server.port(), true);
			tls.startHandshake();
			assertThat(echo(tls, "hello over " + protocol)).isEqualTo("hello over " + protocol);
			assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(TestTlsContexts.certificate());
			assertThat(server.handshakes()).isEqualTo(1);
		}
	}

	@Test
	void upgradeNegotiatesAndCompletesTheHandshake() throws IOException {
		try (StartTlsTestServer server = StartTlsTestServer.start(StartTls.SMTP, TestTlsContexts.server());
				SSLSocket tls = StartTls.SMTP.upgrade(connect(server), "localhost",
						TestTlsContexts.client().getSocketFactory())) {
			assertThat(tls.getSession().getProtocol()).startsWith("TLSv1.");
			assertThat(echo(tls, "upgraded")).isEqualTo("upgraded");
		}
	}

	@Test
	void serverAcceptsManyConnectionsOneAfterAnother() throws IOException {
		try (StartTlsTestServer server = StartTlsTestServer.start(StartTls.IMAP, TestTlsContexts.server())) {
			for (int i = 0; i < 3; i++) {
				try (SSLSocket tls = StartTls.IMAP.upgrade(connect(server), "localhost",
						TestTlsContexts.client().getSocketFactory())) {
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
